"""Faults of the harness itself: frozen by SIGSTOP, or killed with SIGKILL, while a hostile app runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.hostile.backends import write_backend
from tests.hostile.containment import wait_for
from tools.procs.ports import port_accepts

PROJECT = Path(__file__).resolve().parents[2]
# Writes its port once it serves; grows by 1 GiB once the file `hog` appears in its workspace.
SIGNALLING = """
open("port.txt", "w").write(os.environ["PORT"])
def hog():
    while not os.path.exists("hog"):
        time.sleep(0.05)
    hoard = bytearray(1 << 30)
    time.sleep(600)
threading.Thread(target=hog, daemon=True).start()
"""


def _start_eval(workspace: Path, out: Path, *options: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "evals", "eval", str(workspace), "--db", "none", "--quiet", "--json", str(out)]
    return subprocess.Popen(
        [*command, "--isolation", "bwrap", *options],
        cwd=PROJECT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )


def _port(workspace: Path) -> int | None:
    try:
        return int((workspace / "port.txt").read_text())
    except (OSError, ValueError):
        return None


def test_limits_hold_while_the_harness_is_stopped(tmp_path: Path) -> None:
    # Every request takes a while, so the app is still being scored when the harness is frozen.
    workspace = write_backend(tmp_path / "ws", prelude=SIGNALLING, on_request="time.sleep(0.5)")
    out = tmp_path / "result.json"
    harness = _start_eval(workspace, out, "--memory-mb", "256")
    try:
        wait_for(lambda: _port(workspace) is not None and port_accepts(_port(workspace)))
        port = _port(workspace)
        harness.send_signal(signal.SIGSTOP)
        (workspace / "hog").write_text("")
        # The box's watchdog is a process of its own: it ends the app although the harness cannot run.
        wait_for(lambda: not port_accepts(port))
    finally:
        harness.send_signal(signal.SIGCONT)
    assert harness.wait(timeout=300) == 0, harness.stderr.read().decode() if harness.stderr else ""
    result = json.loads(out.read_text())
    assert result["fault"] == "limit:memory" and "memory limit exceeded" in result["limit_violation"]
    assert result["isolation"] == "bwrap"


def test_a_harness_killed_with_sigkill_takes_its_app_along(tmp_path: Path) -> None:
    # The app would outlive a plain child: its run.sh does not exec, and it ignores SIGTERM.
    workspace = write_backend(tmp_path / "ws", prelude=SIGNALLING + "\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)")
    (workspace / "run.sh").write_text("python3 app.py\n")
    harness = _start_eval(workspace, tmp_path / "result.json")
    wait_for(lambda: _port(workspace) is not None and port_accepts(_port(workspace)))
    port = _port(workspace)
    os.kill(harness.pid, signal.SIGKILL)
    harness.wait(timeout=60)
    wait_for(lambda: not port_accepts(port), budget_s=60)
    survivors = [pid for pid in os.listdir("/proc") if pid.isdigit() and _mentions(pid, str(workspace))]
    assert survivors == [], "a process of the app outlived the harness"


def _mentions(pid: str, text: str) -> bool:
    try:
        return text.encode() in Path(f"/proc/{pid}/cmdline").read_bytes() or os.readlink(f"/proc/{pid}/cwd") == text
    except OSError:
        return False


def test_a_filter_the_workspace_configures_runs_in_the_box_not_as_the_harness(tmp_path: Path) -> None:
    """The agent can write .git/config and .gitattributes; the harness's own commit must not run them as itself."""
    from agent.git_workspace import commit_all
    from tools.isolation.account import sandbox_account
    from tools.isolation.mode import resolve_isolation

    workspace = tmp_path / "ws"
    commit_all(workspace, "first", resolve_isolation("bwrap"))
    witness = workspace / "filter-ran-as"
    with open(workspace / ".git" / "config", "a") as config:
        config.write(f'[filter "evil"]\n\tclean = "id -u > {witness}; cat"\n')
    (workspace / ".gitattributes").write_text("* filter=evil\n")
    (workspace / "app.py").write_text("print('hi')\n")
    commit_all(workspace, "second", resolve_isolation("bwrap"))
    # The filter ran, in the box, as the sandbox account: not with the harness's rights.
    assert int(witness.read_text()) == sandbox_account().uid != 0
    assert (workspace / "app.py").stat().st_uid == os.getuid(), "the workspace is given back after the commit"
