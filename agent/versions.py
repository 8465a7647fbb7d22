"""Versions a run records: cagent's, Python's and the host's Node.js (None when it is absent).

`node --version` takes tens of milliseconds, so it is started first and read when the header is written:
the run's own start-up (workspace commit, sandbox) hides it, and it runs once per process.
"""

from __future__ import annotations

import platform
import shutil
import subprocess
from importlib import metadata

_NODE_VERSIONS: dict[str, str | None] = {}  # node executable -> its version, once per process


def cagent_version() -> str | None:
    try:
        return metadata.version("cagent")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return None


def python_version() -> str:
    return platform.python_version()


class NodeVersion:
    """`node --version`, started on construction and read by `value()` (None without a usable node)."""

    def __init__(self) -> None:
        self._node = shutil.which("node")
        self._process: subprocess.Popen[str] | None = None
        if self._node is not None and self._node not in _NODE_VERSIONS:
            try:
                self._process = subprocess.Popen(
                    [self._node, "--version"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                    stdin=subprocess.DEVNULL, text=True,
                )  # fmt: skip
            except OSError:
                _NODE_VERSIONS[self._node] = None

    def value(self) -> str | None:
        if self._node is None:
            return None
        if self._process is not None:
            try:
                out, _ = self._process.communicate(timeout=10)
                _NODE_VERSIONS[self._node] = out.strip() or None if self._process.returncode == 0 else None
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
                _NODE_VERSIONS[self._node] = None
            self._process = None
        return _NODE_VERSIONS.get(self._node)
