"""The limit watchdog of one box, run as a process of its own: `python -m tools.isolation.watchdog`.

A separate process, not a thread of the harness, so the limits hold while the harness is stopped
(SIGSTOP, a debugger) or busy. The box's code cannot reach it: it is outside the box's PID namespace
and runs as the harness's account. On a violation it writes `{"kind": ..., "detail": ...}` to the
status file (atomically) and kills the box's init, which takes every process in the box with it.
Standard library only (and small stdlib-only modules of tools/), to start in a few tens of milliseconds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import time
from pathlib import Path

from tools.atomic import write_atomic
from tools.isolation.cgroup import BoxCgroup
from tools.isolation.namespace import namespace_members, pid_namespace, resident_kib_total

# bwrap's own init and the box's holder process: present in every box, not the app's doing.
BOX_OVERHEAD_PROCESSES = 2


def check(
    members: list[int],
    memory_mb: int,
    max_processes: int,
    elapsed: float,
    wall_s: float | None,
    cgroup: BoxCgroup | None = None,
) -> dict | None:
    """The first limit `members` break, as a status document, or None.

    With a cgroup the kernel holds memory (exactly, shared pages once) and tasks; its events say when
    it had to act. Without one, resident memory is summed over the processes.
    """
    # Processes first: forked children share their parent's pages, which a sum of RSS counts again and
    # again, so a fork bomb would otherwise be reported as a memory hog.
    count = len(members) - BOX_OVERHEAD_PROCESSES
    if count > max_processes:
        return {"kind": "processes", "detail": f"process limit exceeded: {count} > {max_processes}"}
    if cgroup is not None:
        return cgroup_violation(cgroup, memory_mb) or _wall(elapsed, wall_s)
    rss_kib = resident_kib_total(members)
    if rss_kib > memory_mb * 1024:
        return {"kind": "memory", "detail": f"memory limit exceeded: {rss_kib // 1024} MiB > {memory_mb} MiB"}
    return _wall(elapsed, wall_s)


def cgroup_violation(cgroup: BoxCgroup, memory_mb: int) -> dict | None:
    """A limit the kernel enforced for the box's cgroup, as a status document, or None."""
    if cgroup.process_limit_hit():
        return {"kind": "processes", "detail": "process limit exceeded: forks refused at the kernel's task cap"}
    if cgroup.memory_limit_hit():
        used = cgroup.memory_mib()
        return {"kind": "memory", "detail": f"memory limit exceeded: {used} MiB reached, limit {memory_mb} MiB"}
    return None


def _wall(elapsed: float, wall_s: float | None) -> dict | None:
    if wall_s is not None and elapsed > wall_s:
        return {"kind": "wall", "detail": f"wall-clock limit exceeded: {wall_s:.0f} s"}
    return None


def write_status(path: Path, status: dict) -> None:
    write_atomic(path, json.dumps(status))


def watch(
    init_pid: int,
    memory_mb: int,
    max_processes: int,
    wall_s: float | None,
    status: Path,
    poll_s: float,
    cgroup: BoxCgroup | None = None,
) -> int:
    namespace = pid_namespace(init_pid)
    started = time.monotonic()
    while namespace is not None and pid_namespace(init_pid) == namespace:
        members = namespace_members(namespace)
        violation = check(members, memory_mb, max_processes, time.monotonic() - started, wall_s, cgroup)
        if violation is not None:
            write_status(status, violation)
            with contextlib.suppress(OSError):
                os.kill(init_pid, signal.SIGKILL)
            return 1
        time.sleep(poll_s)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--init", type=int, required=True, help="host PID of the box's init")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--max-processes", type=int, required=True)
    parser.add_argument("--wall-s", type=float, default=None)
    parser.add_argument("--status", type=Path, required=True)
    parser.add_argument("--poll-s", type=float, default=0.1)
    parser.add_argument("--cgroup-memory", type=Path, default=None)
    parser.add_argument("--cgroup-pids", type=Path, default=None)
    parser.add_argument("--cgroup-version", type=int, default=1)
    args = parser.parse_args()
    cgroup = None
    if args.cgroup_memory is not None and args.cgroup_pids is not None:
        cgroup = BoxCgroup(memory=args.cgroup_memory, pids=args.cgroup_pids, version=args.cgroup_version)
    # Stopping the harness must not stop the watchdog; a terminal's Ctrl-C reaches the harness only.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return watch(args.init, args.memory_mb, args.max_processes, args.wall_s, args.status, args.poll_s, cgroup)


if __name__ == "__main__":
    raise SystemExit(main())
