"""Walking the workspace the way a person would look at it: without dependencies, caches and VCS data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

IGNORED_DIRS = frozenset(
    {"node_modules", ".git", ".venv", "venv", "__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
)
MAX_FILE_BYTES = 2 * 1024 * 1024


def walk_files(start: Path) -> Iterator[Path]:
    """Every file under `start` in a stable order, skipping ignored directories."""
    for folder, dirs, files in os.walk(start):
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
        for name in sorted(files):
            yield Path(folder) / name


def is_binary(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return b"\0" in handle.read(4096)
    except OSError:
        return True


def list_tree(root: Path, depth: int = 2, limit: int = 400) -> tuple[list[str], int]:
    """Entries up to `depth` levels below `root` (directories end in `/`), and how many were left out."""
    entries: list[str] = []
    left_out = 0

    def visit(folder: Path, level: int) -> None:
        nonlocal left_out
        try:
            children = sorted(folder.iterdir(), key=lambda p: (not p.is_dir(), p.name))
        except OSError:
            return
        for child in children:
            if child.is_dir() and child.name in IGNORED_DIRS:
                continue
            if len(entries) >= limit:
                left_out += 1
                continue
            relative = child.relative_to(root).as_posix()
            entries.append(f"{relative}/" if child.is_dir() else relative)
            if child.is_dir() and not child.is_symlink() and level < depth:
                visit(child, level + 1)

    visit(root, 1)
    return entries, left_out
