"""Commands run in the workspace: own session, timeout, memory limit, no secrets; in a box when isolated.

Isolated (the default where bubblewrap works), the sandbox holds one box (tools.isolation) for its
whole life: commands enter it as the sandbox account, background processes live on in it between
commands, and `close()` ends the box, which leaves nothing behind. The box's watchdog process caps the
box at twice the memory limit and at a process count, even while the harness is stopped.

Every process a command starts carries two marker variables in its environment: one for the
sandbox and one for the command. Markers survive forks, double forks and setsid(), so a timeout
kills everything the command started, and `close()` kills everything any command left running.
The sandbox marker is the app runner's (CAGENT_APP_RUN=<pid>-<random>), so its orphan sweep also
cleans up after a harness that died without closing its sandboxes.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from tools.apps.environment import MARKER_NAME, new_marker, scrubbed_environment
from tools.apps.procinfo import is_zombie, marked_pids
from tools.isolation.box import Box, BoxView
from tools.isolation.limits import BoxLimits
from tools.isolation.mode import IsolationChoice, resolve_isolation
from tools.procs.pump import start_pump
from tools.sandbox.base import CommandResult
from tools.sandbox.limits import MEMORY_MODES, MemoryMode, child_setup, rss_violation
from tools.sandbox.output import BoundedOutput, drain
from tools.sandbox.paths import read_text, write_text

COMMAND_MARKER = "CAGENT_SANDBOX_COMMAND"
POLL_S = 0.05
# Programs must never wait for a human: no pagers, no credential prompts.
QUIET_ENV = {"PAGER": "cat", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "DEBIAN_FRONTEND": "noninteractive"}


def live_pids(needle: str) -> list[int]:
    """Processes (not zombies) whose environment holds the exact `NAME=value` entry."""
    return [pid for pid in marked_pids(needle) if not is_zombie(pid)]


EXIT_WAIT_S = 10.0


def kill_marked(needle: str, sig: int = signal.SIGKILL, rounds: int = 50) -> int:
    """Signal every marked process, again and again, until none is left (children may fork meanwhile), then
    wait for the signalled ones to finish exiting."""
    killed: set[int] = set()
    for _ in range(rounds):
        pids = live_pids(needle)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
                killed.add(pid)
        time.sleep(0.02)
    wait_exited(killed)
    return len(killed)


def wait_exited(pids: set[int] | list[int], timeout_s: float = EXIT_WAIT_S) -> None:
    """Wait until each of `pids` is gone or a zombie. An exiting process drops its memory (its environment,
    so its marker) before its files: until then it may still hold a listening socket."""
    deadline = time.monotonic() + timeout_s
    while any(not is_zombie(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.02)


def describe(pid: int, width: int = 60) -> str:
    try:
        argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return str(pid)
    text = " ".join(part.decode(errors="replace") for part in argv if part)
    return f"{pid} {text[:width]}"


def _shell_exit_code(returncode: int) -> int:
    """Signals as the shell reports them (128 + number), not Python's negative codes."""
    return 128 - returncode if returncode < 0 else returncode


class LocalSandbox:
    """Runs `bash -c command` in `workspace` on this machine; use as a context manager or call `close()`."""

    def __init__(
        self,
        workspace: Path,
        *,
        env_extra: dict[str, str] | None = None,
        memory_mb: int = 4096,
        memory_mode: MemoryMode = "rss",
        default_timeout_s: float = 120.0,
        kill_grace_s: float = 2.0,
        isolation: str | IsolationChoice | None = None,
        max_processes: int = 512,
    ) -> None:
        self.workspace = Path(workspace).resolve()
        if not self.workspace.is_dir():
            raise ValueError(f"no such workspace directory: {workspace}")
        if memory_mode not in MEMORY_MODES:
            raise ValueError(f"unknown memory mode {memory_mode!r}; choose one of {', '.join(MEMORY_MODES)}")
        self.memory_mb = memory_mb
        self.memory_mode = memory_mode
        self.default_timeout_s = default_timeout_s
        self.kill_grace_s = kill_grace_s
        self.marker = new_marker()
        self._env = {**scrubbed_environment(), **QUIET_ENV, **(env_extra or {}), MARKER_NAME: self.marker}
        self._counter = itertools.count(1)
        self._pumps: list[threading.Thread] = []
        self._closed = False
        self.isolation = isolation if isinstance(isolation, IsolationChoice) else resolve_isolation(isolation)
        self._box_limits = BoxLimits(memory_mb=2 * memory_mb, max_processes=max_processes)
        self._box: Box | None = self._new_box() if self.isolation.boxed else None

    def _new_box(self) -> Box:
        box = Box(BoxView(workspace=self.workspace), limits=self._box_limits, hostname="cagent-sandbox")
        box.start()
        return box

    def _revive_box(self) -> str:
        """A box its watchdog ended (a limit broken in the background) is replaced; returns a note."""
        if self._box is None or self._box.alive():
            return ""
        found = self._box.violation()
        self._box.close()
        self._box = self._new_box()
        why = found["detail"] if found else "its processes were all gone"
        return f"[the sandbox was restarted before this command: {why}; background processes were lost]\n"

    def __enter__(self) -> LocalSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pids(self) -> list[int]:
        """Every live process started by this sandbox's commands, background ones included."""
        if self._box is not None:
            return self._box.members()
        return live_pids(f"{MARKER_NAME}={self.marker}")

    def run(self, command: str, timeout_s: float | None = None) -> CommandResult:
        if self._closed:
            raise RuntimeError("the sandbox is closed")
        timeout = self.default_timeout_s if timeout_s is None else timeout_s
        if timeout <= 0:
            raise ValueError("timeout_s must be positive")
        needle = f"{COMMAND_MARKER}={self.marker}.{next(self._counter)}"
        started = time.monotonic()
        note = self._revive_box()
        env = {**self._env, COMMAND_MARKER: needle.split("=", 1)[1]}
        setup = child_setup(self.memory_mode, self.memory_mb)
        if self._box is not None:
            process = self._box.popen(
                ["bash", "-c", command], cwd=self.workspace, env=env, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, preexec_fn=setup,
            )  # fmt: skip
        else:
            process = subprocess.Popen(
                ["bash", "-c", command],
                cwd=self.workspace,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                bufsize=0,
                start_new_session=True,
                preexec_fn=setup,
            )
        assert process.stdout is not None
        sink = BoundedOutput()
        pump = start_pump(process.stdout, sink.feed, name="sandbox-output")
        self._pumps.append(pump)
        timed_out, violation = self._wait(process, needle, started + timeout)
        if timed_out or violation:
            # A memory hog gets no grace period: it would only grow meanwhile.
            self._kill_command(process, needle, grace_s=0.0 if violation else self.kill_grace_s)
        # The pipe is local: what the shell wrote before exiting is read within this window.
        drain(pump, sink, quiet_s=0.3, budget_s=0.3)
        output = note + sink.text()
        leftovers = live_pids(needle)
        if violation:
            output += f"\n[{violation}; all its processes were killed]"
        elif leftovers:
            names = "; ".join(describe(pid) for pid in leftovers[:5])
            output += (
                f"\n[{len(leftovers)} background process(es) still running: {names}. They are stopped when the"
                " sandbox closes; their output is not captured here, redirect it to a file to read it]"
            )
        self._pumps = [thread for thread in self._pumps if thread.is_alive()]
        code = None if timed_out else _shell_exit_code(process.returncode)
        return CommandResult(
            exit_code=code, output=output, timed_out=timed_out, seconds=round(time.monotonic() - started, 3)
        )

    def _wait(self, process: subprocess.Popen[bytes], needle: str, deadline: float) -> tuple[bool, str | None]:
        """Wait for the shell to exit; report a timeout or a memory violation instead when one comes first."""
        while True:
            try:
                process.wait(timeout=POLL_S)
                return False, None
            except subprocess.TimeoutExpired:
                pass
            if time.monotonic() >= deadline:
                return True, None
            if self.memory_mode == "rss" and (violation := rss_violation(self._accounted(needle), self.memory_mb)):
                return False, violation

    def _accounted(self, needle: str) -> list[int]:
        """Whose memory counts against a command: everything in the box, or the command's marked processes."""
        return self._box.members() if self._box is not None else live_pids(needle)

    def _kill_command(self, process: subprocess.Popen[bytes], needle: str, grace_s: float) -> None:
        """SIGTERM the process group, SIGKILL it after the grace period, then everything that escaped it."""
        if grace_s > 0:
            self._signal_group(process, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=grace_s)
        self._signal_group(process, signal.SIGKILL)
        kill_marked(needle)
        if self._box is not None and rss_violation(self._box.members(), self.memory_mb):
            self._box.kill_members()  # the memory is held by something in the background: all of it goes
        process.wait()

    def _signal_group(self, process: subprocess.Popen[bytes], sig: int) -> None:
        if self._box is not None:
            # The command's processes inside the box; nsenter itself exits when its child does.
            self._box.signal_members(sig, process_group=process.pid)
            return
        with contextlib.suppress(OSError):
            os.killpg(process.pid, sig)

    def read_file(self, relative: str) -> str:
        return read_text(self.workspace, relative)

    def write_file(self, relative: str, text: str) -> None:
        write_text(self.workspace, relative, text)

    def close(self) -> None:
        """Stop every process any command left running: SIGTERM, a grace period, then SIGKILL."""
        if self._closed:
            return
        self._closed = True
        needle = f"{MARKER_NAME}={self.marker}"
        terminated = self.pids()
        for pid in terminated:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.kill_grace_s
        while self.pids() and time.monotonic() < deadline:
            time.sleep(POLL_S)
        if self._box is not None:
            self._box.close()
        kill_marked(needle)
        wait_exited(terminated)  # those that ended on SIGTERM may still be releasing their files
        for thread in self._pumps:
            thread.join(timeout=1.0)
        self._pumps.clear()
