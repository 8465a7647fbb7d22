"""Pointing at the workspace file and line an error output names (Python tracebacks, Node stacks)."""

from __future__ import annotations

import re
from pathlib import Path

_PYTHON_FRAME = re.compile(r'File "([^"]+)", line (\d+)')
_NODE_FRAME = re.compile(r"(/[^\s():]+\.(?:[cm]?js|ts)):(\d+)(?::\d+)?")
_SKIPPED = ("/site-packages/", "/node_modules/", "/lib/python")


def locate(output: str, workspace: Path) -> tuple[str, int]:
    """The last frame of `output` inside the workspace (not in its dependencies), as (relative file, line)."""
    root = str(workspace.resolve()).rstrip("/") + "/"
    found: tuple[str, int] = ("", 0)
    for pattern in (_PYTHON_FRAME, _NODE_FRAME):
        for match in pattern.finditer(output):
            path, line = match.group(1), int(match.group(2))
            if any(part in path for part in _SKIPPED):
                continue
            if path.startswith(root):
                found = (path[len(root) :], line)
            elif not path.startswith("/") and (workspace / path).is_file():
                found = (path.removeprefix("./"), line)
        if found[0]:
            return found
    return found
