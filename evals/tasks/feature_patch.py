"""A feature removed from a reference backend, written as a patch generated from the reference itself.

A removal names the files that exist only for the feature and the lines elsewhere that wire it in
(an import, a registration). The patch is made by doing exactly that in a scratch copy under git and
taking the diff, so it always matches the reference as it is; a line that is no longer there is an
error here, never a patch that silently keeps the feature.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from agent.git_workspace import commit_all, diff

_IGNORED = shutil.ignore_patterns(".git", "__pycache__", "*.pyc", ".venv", "node_modules", "*.db", "*.sqlite")


class RemovalError(ValueError):
    """A removal that no longer fits its reference (a file or line it names is gone)."""


@dataclass(frozen=True)
class Removal:
    """What to take out of one reference to remove one feature."""

    delete: tuple[str, ...]
    # (file, line) pairs: every line of `file` equal to `line` once stripped is removed; at least one must be.
    drop_lines: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    # (file, old, new): `old` must occur exactly once in `file` (a registration list that names the feature).
    replace: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)


def _drop(path: Path, line: str) -> None:
    kept, dropped = [], 0
    for original in path.read_text(encoding="utf-8").splitlines(keepends=True):
        if original.strip() == line.strip():
            dropped += 1
        else:
            kept.append(original)
    if not dropped:
        raise RemovalError(f"{path.name}: no line {line.strip()!r} to remove")
    path.write_text("".join(kept), encoding="utf-8")


def apply_removal(root: Path, removal: Removal) -> None:
    """Take the feature out of the tree at `root`, in place."""
    for relative in removal.delete:
        target = root / relative
        if not target.exists():
            raise RemovalError(f"{relative}: not in the reference")
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for relative, line in removal.drop_lines:
        target = root / relative
        if not target.is_file():
            raise RemovalError(f"{relative}: not in the reference")
        _drop(target, line)
    for relative, old, new in removal.replace:
        target = root / relative
        text = target.read_text(encoding="utf-8") if target.is_file() else ""
        if text.count(old) != 1:
            raise RemovalError(f"{relative}: {old!r} is not there exactly once")
        target.write_text(text.replace(old, new), encoding="utf-8")


def removal_patch(reference: Path, removal: Removal) -> str:
    """The patch (git format, applies with `git apply` at the reference's root) that removes the feature."""
    with tempfile.TemporaryDirectory(prefix="cagent-feature-") as scratch:
        root = Path(scratch) / "repo"
        shutil.copytree(reference, root, ignore=_IGNORED)
        base = commit_all(root, "reference")
        apply_removal(root, removal)
        return diff(root, base, commit_all(root, "the feature removed"), binary=True)
