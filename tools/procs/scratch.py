"""Scratch directories named after the process that owns them, and the sweep of those whose owner died.

A process killed with SIGKILL cannot remove its temporary directories. Naming them
`<prefix><pid>-XXXX` lets any later run find the ones whose owner is gone and remove them.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from tools.procs.pids import pid_alive

# /proc/stat's boot time is whole seconds: a process may look up to this much younger than it is.
_CLOCK_SLACK_S = 2.0


def owned_scratch_dir(prefix: str, root: Path | None = None) -> Path:
    """A new directory `<root>/<prefix><our pid>-XXXX` (root: the system's temporary directory)."""
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=root))


def owner_pid(folder: Path, prefix: str) -> int | None:
    """The pid a scratch directory's name carries, or None when the name does not carry one."""
    text = folder.name.removeprefix(prefix).split("-", 1)[0]
    return int(text) if folder.name.startswith(prefix) and text.isdigit() else None


def remove_dead_owners(
    prefix: str, root: Path | None = None, before_removal: Callable[[Path], None] | None = None
) -> list[Path]:
    """Remove the `<prefix><pid>-*` directories under `root` whose owner process no longer exists.

    `before_removal` runs first on each (to stop a server still using it, for instance).
    """
    removed = []
    for folder in Path(root or tempfile.gettempdir()).glob(f"{prefix}*"):
        pid = owner_pid(folder, prefix)
        if pid is None or not folder.is_dir() or _owner_alive(pid, folder):
            continue
        if before_removal is not None:
            before_removal(folder)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _owner_alive(pid: int, folder: Path) -> bool:
    """The pid is in use by a process old enough to have made the folder (pids are reused)."""
    if not pid_alive(pid):
        return False
    started = _start_time(pid)
    if started is None:
        return True
    try:
        changed = folder.stat().st_mtime
    except OSError:
        return True
    return started <= changed + _CLOCK_SLACK_S


def _start_time(pid: int) -> float | None:
    """When a process started, in seconds since the epoch, from /proc (None where there is no /proc)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(line for line in Path("/proc/stat").read_text().splitlines() if line.startswith("btime "))
    except (OSError, StopIteration):
        return None
    # Field 22 (start time in clock ticks since boot), counted after the parenthesised command name.
    ticks = int(stat.rsplit(")", 1)[1].split()[19])
    return int(boot.split()[1]) + ticks / os.sysconf("SC_CLK_TCK")
