"""Failures of the machine a run depends on (full disk, unwritable directory, no git), as one line each.

They are not the model's or the task's doing, so they do not end up as an ordinary `error` outcome with
exit 0: the run records what it still can, then the command says why in one line and exits 2.
"""

from __future__ import annotations

import errno
from pathlib import Path

# Errors that say the filesystem refuses what we do, whoever asks: not a defect of the run.
_REFUSED = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class EnvironmentFailure(RuntimeError):
    """The machine stopped the run; `reason` is the one line to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def write_failure(exc: OSError, path: Path | str) -> EnvironmentFailure:
    """`cannot write PATH: No space left on device`, PATH being what we meant to write."""
    if isinstance(exc, FileExistsError) and exc.filename:  # a file where a folder was to be made
        return EnvironmentFailure(f"cannot write {path}: {exc.filename} is not a directory")
    return EnvironmentFailure(f"cannot write {path}: {exc.strerror or type(exc).__name__}")


def environment_failure(exc: BaseException) -> EnvironmentFailure | None:
    """`exc` as an EnvironmentFailure when the machine caused it, else None."""
    if isinstance(exc, EnvironmentFailure):
        return exc
    if isinstance(exc, OSError) and exc.errno in _REFUSED:
        where = f"{exc.filename}: " if exc.filename else ""
        return EnvironmentFailure(f"{where}{exc.strerror or type(exc).__name__}")
    return None
