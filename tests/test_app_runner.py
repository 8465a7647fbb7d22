"""The app runner on real misbehaving processes: each ends with nothing left running."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from tests.interpreters import PYTHON_DIR
from tests.tiny_apps import DAEMON, write_app
from tools.apps import AppLimits, AppProcess, StartupFailure, WorkspaceError, plan_start
from tools.apps.environment import MARKER_NAME, app_environment, new_marker, scrubbed_environment
from tools.apps.process import marked_pids_any
from tools.isolation.box import BoxView
from tools.procs.ports import free_port, port_accepts

_STARTED: list[AppProcess] = []


@pytest.fixture(autouse=True)
def _stop_leftovers():
    """A failed assertion must not leave an app running: stop whatever a test started."""
    yield
    while _STARTED:
        app = _STARTED.pop()
        app.stop()
        assert app.pids() == []


def _start(workspace: Path, isolation: str = "none", **limits: float) -> AppProcess:
    port = free_port()
    env = app_environment(
        port=port,
        marker=new_marker(),
        database_env={},
        install_env={"PATH": f"{PYTHON_DIR}:/usr/bin:/bin"},
        jwt_secret="s",
    )
    view = BoxView(workspace=workspace) if isolation == "bwrap" else None
    app = AppProcess(
        plan_start(workspace), env, port, AppLimits(**limits), workspace.parent / "server.log", box_view=view
    )
    _STARTED.append(app)
    app.start()
    return app


def _assert_gone(app: AppProcess) -> None:
    assert app.pids() == []
    assert not port_accepts(app.port)


def test_healthy_app_starts_and_stops_cleanly(tmp_path: Path, isolation: str) -> None:
    app = _start(write_app(tmp_path / "ws"), isolation)
    ready = app.wait_ready()
    assert ready.health_status == 200 and ready.bind_addresses == ["0.0.0.0"] and not ready.loopback_only
    assert "listening" in app.log_tail()
    report = app.stop()
    assert not report.forced
    _assert_gone(app)


def test_app_that_never_listens_times_out(tmp_path: Path, isolation: str) -> None:
    app = _start(write_app(tmp_path / "ws", prelude="time.sleep(600)"), isolation, startup_s=1.5)
    with pytest.raises(StartupFailure) as failure:
        app.wait_ready()
    assert failure.value.reason == "timeout"
    app.stop()
    _assert_gone(app)


def test_app_that_crashes_at_startup_is_reported(tmp_path: Path, isolation: str) -> None:
    app = _start(write_app(tmp_path / "ws", prelude="raise SystemExit('boom: cannot connect')"), isolation)
    with pytest.raises(StartupFailure) as failure:
        app.wait_ready()
    assert failure.value.reason == "exited"
    app.stop()
    assert "boom: cannot connect" in app.log_tail()


def test_app_ignoring_sigterm_is_killed(tmp_path: Path, isolation: str) -> None:
    app = _start(
        write_app(tmp_path / "ws", prelude="signal.signal(signal.SIGTERM, signal.SIG_IGN)"), isolation, stop_grace_s=0.5
    )
    app.wait_ready()
    report = app.stop()
    assert report.forced
    _assert_gone(app)


def test_daemon_that_escapes_the_process_group_is_swept(tmp_path: Path, isolation: str) -> None:
    app = _start(write_app(tmp_path / "ws", prelude=DAEMON), isolation)
    app.wait_ready()
    assert len(app.pids()) == 2
    report = app.stop()
    # A box signals every process in it, so the daemon gets SIGTERM too; outside one, only a sweep finds it.
    assert report.swept >= 1 or isolation == "bwrap"
    _assert_gone(app)
    assert not [pid for pid in marked_pids_any() if f"{MARKER_NAME}={app.marker}" in _environ(pid)]


def _environ(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_memory_hog_is_stopped_by_the_watchdog(tmp_path: Path, isolation: str) -> None:
    hog = 'if self.path == "/hog":\n            hoard = bytearray(400 * 1024 * 1024)\n            time.sleep(5)'
    app = _start(write_app(tmp_path / "ws", on_get=hog), isolation, memory_mb=200)
    app.wait_ready()
    with pytest.raises(httpx.HTTPError):  # the watchdog kills it mid-request
        httpx.get(f"{app.base_url}/hog", timeout=10)
    deadline = time.monotonic() + 5
    while app.violation is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert app.violation is not None and "memory limit exceeded" in app.violation
    app.stop()
    _assert_gone(app)


def test_loopback_only_server_is_reported(tmp_path: Path, isolation: str) -> None:
    app = _start(write_app(tmp_path / "ws", host="127.0.0.1"), isolation)
    ready = app.wait_ready()
    assert ready.loopback_only and ready.bind_addresses == ["127.0.0.1"]
    assert any("loopback" in note for note in ready.notes)
    app.stop()


def test_app_ignoring_port_is_found_on_its_own_port(tmp_path: Path, isolation: str) -> None:
    fixed = free_port()
    app = _start(write_app(tmp_path / "ws", port=str(fixed)), isolation)
    ready = app.wait_ready()
    assert ready.port == fixed and any("ignores $PORT" in note for note in ready.notes)
    app.stop()
    _assert_gone(app)


def test_workspace_without_a_way_to_start_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("nothing to run")
    with pytest.raises(WorkspaceError, match=r"no run\.sh"):
        plan_start(tmp_path)
    with pytest.raises(WorkspaceError, match="no such workspace"):
        plan_start(tmp_path / "missing")


def test_run_sh_is_made_executable(tmp_path: Path) -> None:
    write_app(tmp_path)
    (tmp_path / "run.sh").chmod(0o644)
    plan = plan_start(tmp_path)
    assert plan.source == "run.sh" and (tmp_path / "run.sh").stat().st_mode & 0o111


def test_credentials_never_reach_the_app() -> None:
    env = scrubbed_environment({"PATH": "/bin", "OPENAI_API_KEY": "sk", "GITHUB_TOKEN": "t", "LANG": "C.UTF-8"})
    assert env == {"PATH": "/bin", "LANG": "C.UTF-8"}


NODE_SERVER = """
const http = require("http");
http.createServer((req, res) => {
  res.writeHead(200, {"Content-Type": "application/json"});
  res.end(JSON.stringify({status: "ok", path: req.url}));
}).listen(Number(process.env.PORT), "0.0.0.0", () => console.log("node listening"));
"""


def test_node_app_is_installed_and_started_with_npm(tmp_path: Path) -> None:
    """No run.sh: package.json's start script, after `npm install` (no dependencies, so nothing is fetched)."""
    from tools.apps.install import install_dependencies

    (tmp_path / "server.js").write_text(NODE_SERVER)
    (tmp_path / "package.json").write_text(
        '{"name": "tiny", "version": "1.0.0", "scripts": {"start": "node server.js"}}'
    )
    plan = plan_start(tmp_path)
    assert plan.language == "node" and plan.source == "package.json scripts.start"
    installed = install_dependencies(tmp_path, plan.language, timeout_s=120)
    assert installed.ok, installed.log_tail
    again = install_dependencies(tmp_path, plan.language, timeout_s=120)
    assert again.skipped, "an unchanged package.json is not installed twice"
    port = free_port()
    env = app_environment(port=port, marker=new_marker(), database_env={}, install_env=installed.env, jwt_secret="s")
    app = AppProcess(plan, env, port, AppLimits(startup_s=20), tmp_path / "server.log")
    app.start()
    try:
        ready = app.wait_ready()
        assert ready.health_status == 200
        assert httpx.get(f"{app.base_url}/api/tags", timeout=5).json()["path"] == "/api/tags"
    finally:
        app.stop()
    _assert_gone(app)


def test_install_scripts_get_no_credentials(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """npm runs the package's own postinstall script: untrusted code, so no API keys in its environment."""
    from tools.apps.install import install_dependencies

    monkeypatch.setenv("OPENAI_API_KEY", "sk-must-not-leak")
    (tmp_path / "leak.js").write_text("require('fs').writeFileSync('seen.txt', process.env.OPENAI_API_KEY || 'none')")
    manifest = {"name": "tiny", "version": "1.0.0", "scripts": {"postinstall": "node leak.js"}}
    (tmp_path / "package.json").write_text(json.dumps(manifest))
    assert install_dependencies(tmp_path, "node", timeout_s=120).ok
    assert (tmp_path / "seen.txt").read_text() == "none"
