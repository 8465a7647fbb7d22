"""Lending a folder to the sandbox account, and giving it back.

When the harness runs as root, untrusted code runs as another account, which must be able to write the
workspace (and a SQLite database folder). The folder is lent: its tree is chowned to the sandbox
account while any box uses it, and given back to its owner when the last one is done. Files the
harness writes meanwhile (editor, git) are lent too by `refresh` before the next command runs.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class _Loan:
    owner: tuple[int, int]
    borrower: tuple[int, int]
    users: int = 0
    # Entries whose owner differed from the folder's when lent: given back to their own owner.
    exceptions: dict[str, tuple[int, int]] = field(default_factory=dict)


_loans: dict[Path, _Loan] = {}
_lock = threading.Lock()


def _walk(root: Path) -> list[tuple[str, os.stat_result]]:
    """Every entry under `root` (root included) with its lstat, not following symlinks."""
    entries = [(str(root), os.lstat(root))]
    stack = [str(root)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    try:
                        info = entry.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    entries.append((entry.path, info))
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
        except OSError:
            continue
    return entries


def _chown_all(root: Path, to: tuple[int, int], record: dict[str, tuple[int, int]] | None = None) -> int:
    changed = 0
    for path, info in _walk(root):
        if (info.st_uid, info.st_gid) == to:
            continue
        if record is not None:
            record[path] = (info.st_uid, info.st_gid)
        try:
            os.lchown(path, *to)
            changed += 1
        except OSError:
            continue
    return changed


def lend(folder: Path, uid: int, gid: int) -> None:
    """Make `folder` writable by uid:gid until the matching `give_back`; nested loans are counted."""
    folder = folder.resolve()
    with _lock:
        loan = _loans.get(folder)
        if loan is None:
            info = os.lstat(folder)
            if info.st_uid == uid:  # left lent by a harness that was killed: its owner is the parent's
                info = os.lstat(folder.parent)
            loan = _Loan(owner=(info.st_uid, info.st_gid), borrower=(uid, gid))
            exceptions: dict[str, tuple[int, int]] = {}
            _chown_all(folder, loan.borrower, exceptions)
            loan.exceptions = {path: ids for path, ids in exceptions.items() if ids != loan.owner}
            _loans[folder] = loan
        loan.users += 1


def refresh(folder: Path) -> int:
    """Lend what the harness created in a lent folder since; returns how many entries changed hands."""
    folder = folder.resolve()
    with _lock:
        loan = _loans.get(folder)
        if loan is None:
            return 0
        return _chown_all(folder, loan.borrower)


def give_back(folder: Path) -> None:
    """End one loan; the last one returns every entry to the folder's owner (or its own earlier owner)."""
    folder = folder.resolve()
    with _lock:
        loan = _loans.get(folder)
        if loan is None:
            return
        loan.users -= 1
        if loan.users > 0:
            return
        del _loans[folder]
        if not folder.exists():
            return
        _chown_all(folder, loan.owner)
        for path, ids in loan.exceptions.items():
            try:
                os.lchown(path, *ids)
            except OSError:
                continue
