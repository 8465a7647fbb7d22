"""Writing a document so that a reader (or a crash) never sees half of it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tools.environment_failure import write_failure


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file next to `path`, then rename it over `path` (folders made as needed).

    On failure (a full disk, a read-only directory) the temporary file is removed, `path` keeps its
    previous content, and the failure is raised as an EnvironmentFailure naming `path`.
    """
    temporary = path.with_name(path.name + ".tmp")  # same directory: os.replace stays a rename
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except BaseException as exc:  # also when interrupted half-way: no partial file is left behind
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_failure(exc, path) from exc
        raise
