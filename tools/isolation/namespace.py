"""The processes of a PID namespace, seen from the host: membership cannot be shed by setsid, double
forks or a scrubbed environment, so accounting and killing by namespace leaves nothing behind."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def pid_namespace(pid: int) -> str | None:
    """The namespace identity of `pid` (e.g. `pid:[4026532181]`), None when it is gone."""
    try:
        return os.readlink(PROC / str(pid) / "ns" / "pid")
    except OSError:
        return None


def namespace_members(namespace: str) -> list[int]:
    """Host PIDs of every live (non-zombie) process in `namespace`."""
    members = []
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(f"{entry.path}/ns/pid") != namespace:
                continue
            with open(f"{entry.path}/stat", "rb") as stat:
                state = stat.read().rsplit(b")", 1)[-1].split()[0]
        except (OSError, IndexError):
            continue
        if state != b"Z":
            members.append(int(entry.name))
    return members


def resident_kib_total(pids: list[int]) -> int:
    """Resident memory of `pids` together (VmRSS), in KiB."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status", "rb") as status:
                for line in status:
                    if line.startswith(b"VmRSS:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError, IndexError):
            continue
    return total
