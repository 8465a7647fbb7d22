"""A local worker: `python -m evals.bench.worker SPEC.json DOCUMENT.json` runs one run in a process of its own.

A process per run gives each its own signals, working directory and database provider, and lets the
sweep stop it (SIGTERM: the scaffold stops at its next step, the document says `stopped`) or kill it
at the run's wall-clock limit, without touching the others.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

from evals.bench.run_one import RunSpec, execute_run
from tools.atomic import write_atomic


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str]) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    spec = RunSpec.model_validate_json(Path(argv[0]).read_text(encoding="utf-8"))
    document = execute_run(spec)
    write_atomic(Path(argv[1]), json.dumps(document))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
