"""A box: namespaces made by bubblewrap, a holder process keeping them alive, processes entered into it.

    box = Box(BoxView(workspace=path), limits=BoxLimits(memory_mb=512))
    box.start()
    process = box.popen(["bash", "./run.sh"], cwd=path, env=env, stdout=log)
    ...
    box.close()   # kills everything inside, gives the workspace back

The box's PID 1 is bwrap's init and PID 2 a holder (`sleep infinity`); commands join with `nsenter`
and switch to the sandbox account with `setpriv` (no capabilities, no new privileges), in their own
session. Killing PID 1 ends every process in the namespace, so `close()` leaves nothing, whatever
the processes did. bwrap dies with the harness (`--die-with-parent` and PR_SET_PDEATHSIG), and the
whole box with it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from tools.isolation.account import SandboxAccount, sandbox_account
from tools.isolation.cgroup import BoxCgroup, create_cgroup
from tools.isolation.limits import BoxLimits
from tools.isolation.namespace import namespace_members, pid_namespace
from tools.isolation.ownership import give_back, lend, refresh
from tools.isolation.view import BoxView, mount_arguments, toolchain_paths
from tools.isolation.watchdog import cgroup_violation
from tools.procs.lifeline import die_with_parent
from tools.procs.scratch import owned_scratch_dir, remove_dead_owners

HOLDER = ["sleep", "infinity"]
STATE_PREFIX = "cagent-box-"
BOX_HOME = "/tmp"
START_BUDGET_S = 30.0
# Fork bombs outrun any poll: a hard per-account cap on processes (the sandbox account only).
NPROC_FLOOR = 1024


# Every box this process started, as (namespace, init pid, init start time): a check can prove that none
# still holds a process. Namespace ids are reused once a namespace is gone, so a box counts as still
# there only while its very init process (same pid, same start time) lives.
_STARTED: list[tuple[str, int, str | None]] = []


def _start_time(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def processes_left_in_boxes() -> list[int]:
    """Processes still inside any box this process started (empty when every box was closed)."""
    left: list[int] = []
    for namespace, init_pid, started in _STARTED:
        if pid_namespace(init_pid) == namespace and _start_time(init_pid) == started:
            left += namespace_members(namespace)
    return left


class BoxError(RuntimeError):
    """The box could not be made or entered."""


class Box:
    def __init__(self, view: BoxView, *, limits: BoxLimits | None = None, hostname: str = "cagent-box") -> None:
        self.view = view.model_copy(update={"workspace": view.workspace.resolve()})
        self.limits = limits
        self.hostname = hostname
        self.account: SandboxAccount = sandbox_account()
        self.init_pid: int | None = None
        self._holder_pid: int | None = None
        self.namespace: str | None = None
        self.cgroup: BoxCgroup | None = None
        self._bwrap: subprocess.Popen[bytes] | None = None
        self._watchdog: subprocess.Popen[bytes] | None = None
        remove_dead_owners(STATE_PREFIX)  # boxes of harness processes killed with SIGKILL
        self._state = owned_scratch_dir(STATE_PREFIX)
        self._lent: list[Path] = []
        self._closed = False

    # -- life cycle -------------------------------------------------------------------------------

    def __enter__(self) -> Box:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        try:
            self._lend_folders()
            self._start_bwrap()
            if self.limits is not None:
                self.cgroup = create_cgroup(self.limits.memory_mb, _task_cap(self.limits))
                self._start_watchdog(self.limits)
        except BaseException:
            self.close()
            raise

    def _lend_folders(self) -> None:
        if not self.account.switch:
            return
        for folder in (self.view.workspace, *self.view.writable):
            lend(folder, self.account.uid, self.account.gid)
            self._lent.append(folder)

    def _bwrap_command(self, info_fd: int) -> list[str]:
        namespaces = ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        if self.account.switch:
            privileges = ["--cap-drop", "ALL"]  # the holder needs none; entered processes drop their own
        else:
            privileges = ["--unshare-user", "--uid", str(self.account.uid), "--gid", str(self.account.gid)]
        return [
            "bwrap",
            *namespaces,
            *privileges,
            "--hostname", self.hostname,
            "--die-with-parent",
            "--new-session",
            *mount_arguments(self.view, toolchain_paths()),
            "--chdir", "/",
            "--info-fd", str(info_fd),
            "--",
            *HOLDER,
        ]  # fmt: skip

    def _start_bwrap(self) -> None:
        read_end, write_end = os.pipe()
        try:
            with open(self._state / "bwrap.log", "wb") as errors:
                self._bwrap = subprocess.Popen(
                    self._bwrap_command(write_end),
                    pass_fds=(write_end,),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=errors,
                    env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
                    start_new_session=True,
                    preexec_fn=die_with_parent(signal.SIGKILL),
                )
            os.close(write_end)
            write_end = -1
            info = _read_info(read_end)
        finally:
            os.close(read_end)
            if write_end >= 0:
                os.close(write_end)
        if "child-pid" not in info:
            self._bwrap.wait(timeout=10)
            reason = (self._state / "bwrap.log").read_text(errors="replace").strip() or "no output"
            raise BoxError(f"bubblewrap failed: {reason.splitlines()[-1]}")
        self.init_pid = int(info["child-pid"])
        self.namespace = pid_namespace(self.init_pid)
        if self.namespace is not None:
            _STARTED.append((self.namespace, self.init_pid, _start_time(self.init_pid)))
        self._wait_for_holder()

    def _wait_for_holder(self) -> None:
        """The holder must be running before anything enters, or nsenter could race bwrap's set-up."""
        deadline = time.monotonic() + START_BUDGET_S
        while time.monotonic() < deadline:
            present = namespace_members(self.namespace) if self.namespace is not None else []
            if len(present) >= 2:
                # Nothing has entered yet: the one process besides bwrap's init is the holder.
                self._holder_pid = next(pid for pid in present if pid != self.init_pid)
                return
            if self._bwrap is not None and self._bwrap.poll() is not None:
                reason = (self._state / "bwrap.log").read_text(errors="replace").strip() or "no output"
                raise BoxError(f"bubblewrap exited: {reason.splitlines()[-1]}")
            time.sleep(0.005)
        raise BoxError(f"the box did not come up within {START_BUDGET_S:.0f} s")

    def _start_watchdog(self, limits: BoxLimits) -> None:
        assert self.init_pid is not None
        command = [
            sys.executable, "-m", "tools.isolation.watchdog",
            "--init", str(self.init_pid),
            "--memory-mb", str(limits.memory_mb),
            "--max-processes", str(limits.max_processes),
            "--status", str(self._state / "violation.json"),
        ]  # fmt: skip
        if limits.wall_s is not None:
            command += ["--wall-s", str(limits.wall_s)]
        if self.cgroup is not None:
            command += ["--cgroup-memory", str(self.cgroup.memory), "--cgroup-pids", str(self.cgroup.pids)]
            command += ["--cgroup-version", str(self.cgroup.version)]
        self._watchdog = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=die_with_parent(signal.SIGKILL),
        )

    # -- entering ---------------------------------------------------------------------------------

    def enter_command(self, argv: list[str], cwd: Path) -> list[str]:
        """The host command line that runs `argv` inside the box, in `cwd`, as the sandbox account."""
        if self.init_pid is None or self._closed:
            raise BoxError("the box is not running")
        # nsenter's --wd opens the folder before entering, which leaves the process outside the box's
        # root; `env --chdir` changes directory once inside.
        join = ["nsenter", f"--target={self.init_pid}", "--pid", "--mount", "--ipc", "--uts"]
        chdir = ["env", f"--chdir={cwd}"]
        if self.account.switch:
            nproc = _task_cap(self.limits)
            drop = [
                "setpriv", f"--reuid={self.account.uid}", f"--regid={self.account.gid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--",
                "prlimit", f"--nproc={nproc}", "--",
            ]  # fmt: skip
            return [*join, "--", *drop, *chdir, *argv]
        user = ["--user", "--preserve-credentials"]
        return [*join[:2], *user, *join[2:], "--", "setpriv", "--no-new-privs", "--", *chdir, *argv]

    def popen(
        self,
        argv: list[str],
        *,
        cwd: Path,
        env: dict[str, str],
        stdout: IO[bytes] | int | None = None,
        stderr: IO[bytes] | int | None = None,
        preexec_fn: Any = None,
    ) -> subprocess.Popen[bytes]:
        """Start `argv` in the box, in a session of its own, with `env` (HOME and TMPDIR made private)."""
        if self.account.switch:
            for folder in self._lent:
                refresh(folder)
        inside_env = {**env, "HOME": BOX_HOME, "TMPDIR": BOX_HOME}
        lifeline = preexec_fn or die_with_parent(signal.SIGKILL)
        cgroup = self.cgroup

        def setup() -> None:
            if cgroup is not None:
                cgroup.join()  # before exec: everything the process forks is counted by the kernel
            lifeline()

        return subprocess.Popen(
            self.enter_command(argv, cwd),
            cwd="/",
            env=inside_env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            bufsize=0,
            start_new_session=True,
            preexec_fn=setup,
        )

    # -- watching ---------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def alive(self) -> bool:
        return (
            self.init_pid is not None and self.namespace is not None and pid_namespace(self.init_pid) == self.namespace
        )

    def members(self) -> list[int]:
        """Host PIDs of the processes that entered the box and everything they started (not bwrap, holder)."""
        if self.namespace is None or not self.alive():
            return []
        own = {self.init_pid, self._holder_pid}
        return [pid for pid in namespace_members(self.namespace) if pid not in own]

    def violation(self) -> dict[str, str] | None:
        """What the box's limits stopped (`kind`, `detail`), or None.

        The watchdog's report first; else the cgroup's own events, which the kernel records at once
        (the watchdog may not have polled yet when the process the kernel killed is found gone).
        """
        with contextlib.suppress(OSError, ValueError):
            return dict(json.loads((self._state / "violation.json").read_text()))
        if self.cgroup is not None and self.limits is not None:
            return cgroup_violation(self.cgroup, self.limits.memory_mb)
        return None

    def signal_members(self, sig: int, process_group: int | None = None) -> int:
        """Send `sig` to the processes in the box (of one process group only, when given).

        Signal the box's processes rather than the group of the host-side `nsenter`: a dead nsenter
        leaves its child to be reaped by the host's init, which may take seconds.
        """
        sent = 0
        for pid in self.members():
            with contextlib.suppress(OSError):
                if process_group is None or os.getpgid(pid) == process_group:
                    os.kill(pid, sig)
                    sent += 1
        return sent

    def kill_members(self, rounds: int = 50) -> int:
        """SIGKILL every process that entered the box, again until none is left; the box stays up."""
        killed = 0
        for _ in range(rounds):
            pids = self.members()
            if not pids:
                break
            for pid in pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
            time.sleep(0.01)
        return killed

    # -- closing ----------------------------------------------------------------------------------

    def close(self) -> None:
        """Kill everything in the box, stop the watchdog, give lent folders back; idempotent."""
        if self._closed:
            return
        self._closed = True
        with contextlib.ExitStack() as cleanup:
            cleanup.callback(_remove_tree, self._state)
            if self.cgroup is not None:
                cleanup.callback(self.cgroup.remove)
            for folder in self._lent:
                cleanup.callback(give_back, folder)
            cleanup.callback(self._stop_watchdog)
            cleanup.callback(self._stop_bwrap)

    def _stop_bwrap(self) -> None:
        if self.init_pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.init_pid, signal.SIGKILL)
        if self._bwrap is not None:
            if self._bwrap.poll() is None:
                with contextlib.suppress(OSError):
                    os.killpg(self._bwrap.pid, signal.SIGKILL)
            self._bwrap.wait(timeout=30)
        # The namespace ends when its last process is reaped; wait for that, so no port stays taken.
        deadline = time.monotonic() + 30
        while self.namespace is not None and namespace_members(self.namespace) and time.monotonic() < deadline:
            time.sleep(0.01)

    def _stop_watchdog(self) -> None:
        if self._watchdog is not None and self._watchdog.poll() is None:
            self._watchdog.kill()
        if self._watchdog is not None:
            self._watchdog.wait(timeout=30)


def _task_cap(limits: BoxLimits | None) -> int:
    """The hard cap on tasks (processes and their threads): far above the process limit, below a bomb."""
    return max(NPROC_FLOOR, 16 * (limits.max_processes if limits else 64))


def _read_info(fd: int) -> dict[str, Any]:
    """bwrap writes a JSON object with `child-pid` to its info fd once the namespaces exist."""
    chunks = []
    while True:
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        chunks.append(chunk)
        with contextlib.suppress(ValueError):
            return dict(json.loads(b"".join(chunks)))
    try:
        return dict(json.loads(b"".join(chunks) or b"{}"))
    except ValueError:
        return {}


def _remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
