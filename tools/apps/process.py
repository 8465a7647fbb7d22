"""One running app under test: started in its own session, watched, and killed with all it spawned.

With a `BoxView` the app runs in a bubblewrap box (tools.isolation): its processes are those of the
box's PID namespace, limits are enforced by the box's watchdog process, and stopping ends the box.
Without one it runs as a host process, found by the marker variable in its environment (best effort:
a process that clears its environment escapes the count).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import httpx
from pydantic import BaseModel, Field

from tools.apps.bounded_log import BoundedLog
from tools.apps.environment import MARKER_NAME
from tools.apps.limits import AppLimits
from tools.apps.procinfo import is_zombie, listening_sockets, marked_pids, resident_kib
from tools.apps.workspace import StartPlan
from tools.isolation.box import Box, BoxView
from tools.isolation.limits import BoxLimits
from tools.procs.lifeline import die_with_parent
from tools.procs.pids import group_alive, pid_alive
from tools.procs.pump import start_pump

HEALTH_PATH = "/api/health-check"
POLL_S = 0.05


class StartupFailure(RuntimeError):
    """The app did not become ready; `reason` is a short machine-readable cause."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class ReadyReport(BaseModel):
    port: int
    seconds: float
    health_status: int | None
    bind_addresses: list[str] = Field(default_factory=list)
    loopback_only: bool = False
    notes: list[str] = Field(default_factory=list)


class StopReport(BaseModel):
    seconds: float
    exit_code: int | None
    forced: bool = False
    swept: int = 0


def sweep_orphans() -> int:
    """Kill processes of earlier harness processes that died before cleaning up."""
    killed = 0
    for pid in marked_pids_any():
        owner = _marker_owner(pid)
        if owner is not None and owner != os.getpid() and not pid_alive(owner):
            killed += _kill(pid)
    return killed


def marked_pids_any() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if f"{MARKER_NAME}=".encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _marker_owner(pid: int) -> int | None:
    try:
        for item in (Path("/proc") / str(pid) / "environ").read_bytes().split(b"\0"):
            if item.startswith(f"{MARKER_NAME}=".encode()):
                return int(item.split(b"=", 1)[1].split(b"-", 1)[0])
    except (OSError, ValueError):
        return None
    return None


def _kill(pid: int, sig: int = signal.SIGKILL) -> int:
    try:
        os.kill(pid, sig)
        return 1
    except OSError:
        return 0


class AppProcess:
    """Start with `start()`, wait with `wait_ready()`, always finish with `stop()` (or use `with`)."""

    def __init__(
        self,
        plan: StartPlan,
        env: dict[str, str],
        port: int,
        limits: AppLimits,
        log_path: Path,
        *,
        box_view: BoxView | None = None,
    ) -> None:
        self.plan = plan
        self.env = env
        self.port = port
        self.limits = limits
        self.log_path = log_path
        self.marker = env[MARKER_NAME]
        self._violation: str | None = None
        self.box_view = box_view
        self._box: Box | None = None
        self._log = BoundedLog(log_path)
        self._pump: threading.Thread | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._started_at = 0.0
        self._stop = threading.Event()
        self._watchdog: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> AppProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def violation(self) -> str | None:
        """The limit the app broke (it was killed for it), or None."""
        if self._violation is None and self._box is not None and not self._box.closed:
            found = self._box.violation()
            if found is not None:
                self._violation = found["detail"]
        return self._violation

    @property
    def isolated(self) -> bool:
        return self.box_view is not None

    def start(self) -> None:
        if self.box_view is not None:
            limits = BoxLimits(
                memory_mb=self.limits.memory_mb, max_processes=self.limits.max_processes, wall_s=self.limits.wall_s
            )
            self._box = Box(self.box_view, limits=limits, hostname="cagent-app")
            self._box.start()
            self._process = self._box.popen(
                self.plan.command,
                cwd=self.plan.workspace,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
        else:
            self._process = subprocess.Popen(
                self.plan.command,
                cwd=self.plan.workspace,
                env=self.env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGKILL),
            )
        assert self._process.stdout is not None
        self._pump = start_pump(self._process.stdout, self._log.feed, name="app-log")
        self._started_at = time.monotonic()
        if self._box is None:  # a box's own watchdog process enforces its limits
            self._watchdog = threading.Thread(target=self._watch, name="app-watchdog", daemon=True)
            self._watchdog.start()

    def pids(self) -> list[int]:
        if self._box is not None:
            return self._box.members()
        return [pid for pid in marked_pids(f"{MARKER_NAME}={self.marker}") if not is_zombie(pid)]

    def _watch(self) -> None:
        """Limits of an app outside a box, by polling the processes carrying its marker."""
        limit_kib = self.limits.memory_mb * 1024
        while not self._stop.wait(0.25):
            pids = self.pids()
            rss = sum(resident_kib(pid) for pid in pids)
            if rss > limit_kib:
                self._violation = f"memory limit exceeded: {rss // 1024} MiB > {self.limits.memory_mb} MiB"
            elif len(pids) > self.limits.max_processes:
                self._violation = f"process limit exceeded: {len(pids)} > {self.limits.max_processes}"
            elif time.monotonic() - self._started_at > self.limits.wall_s:
                self._violation = f"wall-clock limit exceeded: {self.limits.wall_s:.0f} s"
            if self.violation:
                self._kill_everything()
                return

    def exit_code(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def wait_ready(self, health_path: str = HEALTH_PATH) -> ReadyReport:
        """Poll the health check until it answers 200, the app exits, or the start-up budget runs out."""
        deadline = self._started_at + self.limits.startup_s
        notes: list[str] = []
        last_status: int | None = None
        answering_since: float | None = None
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self.violation:
                    raise StartupFailure("limit_exceeded", self.violation)
                if self.exit_code() is not None and not self.pids():
                    raise StartupFailure("exited", f"the app exited with code {self.exit_code()} before answering")
                port = self._serving_port()
                try:
                    response = client.get(f"http://127.0.0.1:{port}{health_path}")
                    last_status = response.status_code
                    if port != self.port:
                        notes.append(f"ignores $PORT={self.port}: listens on {port}")
                        self.port = port
                    if last_status == 200:
                        break
                    # Answering HTTP without the health check: give it a moment, then score it anyway.
                    answering_since = answering_since or time.monotonic()
                    if time.monotonic() - answering_since > min(5.0, self.limits.startup_s):
                        notes.append(f"{health_path} answered {last_status}, not 200")
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(POLL_S)
            else:
                raise StartupFailure("timeout", f"no answer on {health_path} within {self.limits.startup_s:.0f} s")
        sockets = listening_sockets(self.pids())
        addresses = sorted({s.address for s in sockets if s.port == self.port})
        loopback_only = bool(addresses) and all(s.loopback_only for s in sockets if s.port == self.port)
        if loopback_only:
            notes.append(f"binds only to loopback ({', '.join(addresses)}), unreachable from another host")
        return ReadyReport(
            port=self.port,
            seconds=time.monotonic() - self._started_at,
            health_status=last_status,
            bind_addresses=addresses,
            loopback_only=loopback_only,
            notes=notes,
        )

    def _serving_port(self) -> int:
        """$PORT, unless the app listens on exactly one other port (a hard-coded 8080 or 3000)."""
        sockets = listening_sockets(self.pids())
        ports = {s.port for s in sockets}
        if self.port in ports or len(ports) != 1:
            return self.port
        return ports.pop()

    def _kill_everything(self) -> int:
        swept = 0
        if self._box is not None:
            return self._box.kill_members()
        if self._process is not None:
            with contextlib.suppress(OSError):
                os.killpg(self._process.pid, signal.SIGKILL)
        for _ in range(20):
            pids = self.pids()
            if not pids:
                break
            swept += sum(_kill(pid) for pid in pids)
            time.sleep(0.02)
        return swept

    def stop(self) -> StopReport:
        """SIGTERM the group, SIGKILL it after the grace period, then hunt down anything that escaped."""
        started = time.monotonic()
        self._stop.set()
        forced = False
        if self._box is not None:
            forced = self._terminate_box(self._box)
        elif self._process is not None and group_alive(self._process.pid):
            with contextlib.suppress(OSError):
                os.killpg(self._process.pid, signal.SIGTERM)
            deadline = time.monotonic() + self.limits.stop_grace_s
            while time.monotonic() < deadline and (self._process.poll() is None or group_alive(self._process.pid)):
                time.sleep(0.02)
            forced = self._process.poll() is None or group_alive(self._process.pid)
        swept = self._kill_everything()
        if self._process is not None:
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                forced = True
        if self._watchdog is not None:
            self._watchdog.join(timeout=1)
        if self._box is not None:
            self._violation = self.violation  # read before the box (and its status file) goes
            self._box.close()
        if self._pump is not None:
            self._pump.join(timeout=5)
        self._log.close()
        code = self.exit_code()
        return StopReport(seconds=time.monotonic() - started, exit_code=code, forced=forced, swept=swept)

    def _terminate_box(self, box: Box) -> bool:
        """SIGTERM everything in the box; True when something was still there after the grace period."""
        if not box.signal_members(signal.SIGTERM):
            return False
        deadline = time.monotonic() + self.limits.stop_grace_s
        while time.monotonic() < deadline and box.members():
            time.sleep(0.02)
        return bool(box.members())

    def log_tail(self, max_chars: int = 4000) -> str:
        """The end of the app's output so far (capped; see BoundedLog)."""
        return self._log.tail(max_chars)

    def log_exceptions(self) -> list[tuple[float, str]]:
        """Each exception block of the app's output with the monotonic time it began (see BoundedLog)."""
        return self._log.exception_events()

    def log_text(self) -> str:
        """All of the app's output that was kept: head, exception blocks, tail."""
        return self._log.text()
