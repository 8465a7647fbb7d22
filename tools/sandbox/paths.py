"""Paths the model names, resolved inside the workspace and nowhere else."""

from __future__ import annotations

from pathlib import Path


class PathOutsideWorkspace(ValueError):
    """A path that resolves (through `..` or a symlink) outside the workspace."""


def resolve_inside(workspace: Path, path: str) -> Path:
    """The absolute path of `path` (relative to the workspace, or absolute within it), symlinks followed."""
    root = workspace.resolve()
    candidate = Path(path.strip() or ".")
    resolved = (candidate if candidate.is_absolute() else root / candidate).resolve()
    if resolved != root and root not in resolved.parents:
        raise PathOutsideWorkspace(f"{path!r} is outside the workspace; use paths relative to it")
    return resolved


def relative_name(workspace: Path, path: Path) -> str:
    """How a resolved path is shown to the model: relative to the workspace, `.` for the root."""
    return path.relative_to(workspace.resolve()).as_posix() or "."


def read_text(workspace: Path, relative: str) -> str:
    return resolve_inside(workspace, relative).read_text(encoding="utf-8", errors="replace")


def write_text(workspace: Path, relative: str, text: str) -> None:
    target = resolve_inside(workspace, relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
