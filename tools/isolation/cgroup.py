"""A cgroup per box, where this machine lets us make one: the kernel then holds the memory and process limits.

A watchdog polling resident memory can be outrun by a fast allocation, and it counts the pages forked
children share once per child; a cgroup is exact and immediate. It is made below the harness's own
cgroup (v1: the `memory` and `pids` hierarchies; v2: the unified one when its controllers can be
enabled there), named after the harness's pid so that one left by a killed harness is removed later.
Entered processes join it before they exec (`join`); whatever they fork stays in it. Where none can
be made, the box's watchdog alone enforces the limits, by polling.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from tools.procs.pids import pid_alive
from tools.procs.scratch import owner_pid

PREFIX = "cagent-box-"


def _mounts() -> dict[str, Path]:
    """cgroup mount points by controller (`memory`, `pids`) for v1, and `unified` for v2."""
    found: dict[str, Path] = {}
    try:
        lines = Path("/proc/self/mountinfo").read_text().splitlines()
    except OSError:
        return found
    for line in lines:
        before, _, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if len(fields) < 5 or len(tail) < 3:
            continue
        mount_point, fstype, options = Path(fields[4]), tail[0], tail[2].split(",")
        if fstype == "cgroup2":
            found.setdefault("unified", mount_point)
        elif fstype == "cgroup":
            for controller in ("memory", "pids"):
                if controller in options:
                    found.setdefault(controller, mount_point)
    return found


def _own_paths() -> dict[str, str]:
    """This process's cgroup path per v1 controller, and under `unified` for v2."""
    paths: dict[str, str] = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return paths
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            paths["unified"] = path
        for controller in controllers.split(","):
            if controller in ("memory", "pids"):
                paths[controller] = path
    return paths


def _write(path: Path, value: str) -> bool:
    try:
        path.write_text(value)
        return True
    except OSError:
        return False


def _read_counter(path: Path, key: str) -> int:
    """`key N` from a flat keyed file (memory.events, pids.events, memory.oom_control)."""
    with contextlib.suppress(OSError, ValueError):
        for line in path.read_text().splitlines():
            name, _, value = line.partition(" ")
            if name == key:
                return int(value)
    return 0


@dataclass
class BoxCgroup:
    """The cgroup directories of one box, one per hierarchy (v1: memory and pids; v2: one)."""

    memory: Path
    pids: Path
    version: int

    @property
    def folders(self) -> list[Path]:
        return sorted({self.memory, self.pids})

    def join(self) -> None:
        """Move the calling process into the cgroup (from a child's preexec_fn, before exec)."""
        pid = str(os.getpid())
        for folder in self.folders:
            (folder / "cgroup.procs").write_text(pid)

    def memory_limit_hit(self) -> bool:
        """The kernel killed a process of the box for memory (not merely reclaimed its cache)."""
        events = "memory.events" if self.version == 2 else "memory.oom_control"
        return _read_counter(self.memory / events, "oom_kill") > 0

    def process_limit_hit(self) -> bool:
        return _read_counter(self.pids / "pids.events", "max") > 0

    def memory_mib(self) -> int:
        name = "memory.current" if self.version == 2 else "memory.max_usage_in_bytes"
        with contextlib.suppress(OSError, ValueError):
            return int((self.memory / name).read_text()) // (1024 * 1024)
        return 0

    def remove(self) -> None:
        for folder in self.folders:
            with contextlib.suppress(OSError):
                folder.rmdir()


def _sweep(parent: Path) -> None:
    """Remove empty cgroups of harness processes that died without removing theirs."""
    with contextlib.suppress(OSError):
        for folder in parent.glob(f"{PREFIX}*"):
            pid = owner_pid(folder, PREFIX)
            if pid is not None and not pid_alive(pid):
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _make(parent: Path, name: str) -> Path | None:
    _sweep(parent)
    folder = parent / name
    try:
        folder.mkdir()
    except OSError:
        return None
    return folder


def create_cgroup(memory_mb: int, max_processes: int) -> BoxCgroup | None:
    """A cgroup holding `memory_mb` and `max_processes`, or None where this machine allows none."""
    mounts, own = _mounts(), _own_paths()
    name = f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
    memory_bytes = str(memory_mb * 1024 * 1024)
    if "memory" in mounts and "pids" in mounts:
        memory = _make(mounts["memory"] / own.get("memory", "/").lstrip("/"), name)
        pids = _make(mounts["pids"] / own.get("pids", "/").lstrip("/"), name) if memory else None
        if memory is not None and pids is not None:
            group = BoxCgroup(memory=memory, pids=pids, version=1)
            if _write(memory / "memory.limit_in_bytes", memory_bytes) and _write(pids / "pids.max", str(max_processes)):
                _write(memory / "memory.swappiness", "0")
                return group
            group.remove()
        elif memory is not None:
            memory.rmdir()
    if "unified" in mounts:
        parent = mounts["unified"] / own.get("unified", "/").lstrip("/")
        folder = _make(parent, name)
        if folder is not None:
            if not (folder / "memory.max").exists():
                _write(parent / "cgroup.subtree_control", "+memory +pids")
            group = BoxCgroup(memory=folder, pids=folder, version=2)
            if _write(folder / "memory.max", memory_bytes) and _write(folder / "pids.max", str(max_processes)):
                _write(folder / "memory.swap.max", "0")
                return group
            group.remove()
    return None
