"""The Python interpreter commands in a box can run: the harness's base interpreter, not its virtualenv.

A box shows the toolchains on PATH and the interpreter's own prefix, never the harness's checkout or
virtualenv, so tests that run Python inside a sandbox or an app use this one.
"""

import sys
from pathlib import Path

PYTHON = getattr(sys, "_base_executable", sys.executable)
PYTHON_DIR = Path(PYTHON).parent
