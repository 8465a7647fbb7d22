"""Running an external scaffold's process: in a box when isolation allows, bounded in wall-clock time.

The scaffold runs the model's commands itself, so the whole scaffold is untrusted code: it gets the
workspace and its records folder writable, its own virtualenv read-only, and nothing else of the host.
An interruption (SIGINT, or SIGTERM from a bench stopping at its cost cap) stops it and is re-raised.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from tools.apps.environment import scrubbed_environment
from tools.isolation.box import Box, BoxView
from tools.isolation.limits import BoxLimits
from tools.isolation.mode import IsolationChoice
from tools.procs.lifeline import die_with_parent

MEMORY_MB = 4096
MAX_PROCESSES = 512


class ProcessOutcome(BaseModel):
    exit_code: int | None
    timed_out: bool
    wall_s: float


def run_scaffold_process(
    argv: list[str], *, cwd: Path, env: dict[str, str], records: Path, readable: list[Path], wall_s: float,
    log: Path, isolation: IsolationChoice, poll: Callable[[], None] | None = None,
) -> ProcessOutcome:  # fmt: skip
    """Run `argv` until it exits or `wall_s` passes; its output goes to `log` (in `records`).

    `poll` is called about once a second meanwhile (to read the scaffold's spending from its records).
    """
    # The box's user is nobody, whose login shell is nologin: a scaffold that starts its terminal from $SHELL
    # (OpenHands' tmux) must get a real one, whatever the host's is or whether it is set at all.
    merged = {**scrubbed_environment(), "SHELL": shutil.which("bash") or "/bin/sh", **env}
    started = time.monotonic()
    with log.open("wb") as out:
        if isolation.boxed:
            view = BoxView(workspace=cwd, writable=[records], readable=readable)
            limits = BoxLimits(memory_mb=MEMORY_MB, max_processes=MAX_PROCESSES, wall_s=wall_s + 30)
            with Box(view, limits=limits, hostname="cagent-scaffold") as box:
                process = box.popen(argv, cwd=cwd, env=merged, stdout=out, stderr=subprocess.STDOUT)
                code, timed_out = _wait(process, wall_s, poll)
        else:
            process = subprocess.Popen(
                argv, cwd=cwd, env=merged, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True, preexec_fn=die_with_parent(signal.SIGKILL),
            )  # fmt: skip
            try:
                code, timed_out = _wait(process, wall_s, poll)
            finally:
                _kill_group(process)
    return ProcessOutcome(exit_code=code, timed_out=timed_out, wall_s=round(time.monotonic() - started, 3))


def _wait(process: subprocess.Popen[bytes], wall_s: float, poll: Callable[[], None] | None) -> tuple[int | None, bool]:
    deadline = time.monotonic() + wall_s
    try:
        while True:
            try:
                return process.wait(timeout=max(0.0, min(1.0, deadline - time.monotonic()))), False
            except subprocess.TimeoutExpired:
                if time.monotonic() >= deadline:
                    _kill_group(process)
                    return None, True
                if poll is not None:
                    poll()
    except KeyboardInterrupt:
        _kill_group(process)
        raise


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """End the scaffold and everything it started (its session); gently first."""
    for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=grace)
            if sig == signal.SIGTERM:
                os.killpg(process.pid, signal.SIGKILL)  # what it left behind in its session
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return
