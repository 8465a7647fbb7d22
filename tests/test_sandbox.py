"""Sandboxes on real processes: output, exit codes, timeouts, memory limits, secrets and cleanup."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interpreters import PYTHON
from tools.procs.ports import free_port, port_accepts
from tools.sandbox import LocalSandbox, PathOutsideWorkspace, make_sandbox
from tools.sandbox.docker_engine import SandboxUnavailable
from tools.sandbox.local import COMMAND_MARKER, live_pids


@pytest.fixture
def sandbox(tmp_path: Path, isolation: str) -> Iterator[LocalSandbox]:
    with LocalSandbox(tmp_path, isolation=isolation) as box:
        yield box
    assert box.pids() == []


def _wait_for_port(port: int, budget_s: float = 10.0) -> bool:
    deadline = time.monotonic() + budget_s
    while time.monotonic() < deadline:
        if port_accepts(port):
            return True
        time.sleep(0.05)
    return False


def test_output_is_merged_and_exit_code_reported(sandbox: LocalSandbox) -> None:
    result = sandbox.run("echo out; echo err >&2; pwd; exit 3")
    assert result.exit_code == 3 and not result.timed_out
    assert result.output.splitlines() == ["out", "err", str(sandbox.workspace)]


def test_signals_are_reported_as_the_shell_does(sandbox: LocalSandbox) -> None:
    assert sandbox.run("kill -9 $$").exit_code == 137


def test_timeout_kills_the_group_with_grandchildren_and_escapees(sandbox: LocalSandbox) -> None:
    started = time.monotonic()
    result = sandbox.run("setsid sleep 101 & sleep 100 & sleep 100; wait", timeout_s=1)
    assert result.timed_out and result.exit_code is None
    assert time.monotonic() - started < 6
    assert sandbox.pids() == []
    assert live_pids(f"{COMMAND_MARKER}={sandbox.marker}.1") == []


def test_timeout_kills_a_process_that_ignores_sigterm(tmp_path: Path, isolation: str) -> None:
    with LocalSandbox(tmp_path, isolation=isolation, kill_grace_s=0.3) as box:
        result = box.run("trap '' TERM; sleep 100", timeout_s=0.5)
        assert result.timed_out and box.pids() == []


def test_background_server_survives_the_command_and_dies_at_close(tmp_path: Path, isolation: str) -> None:
    port = free_port()
    box = LocalSandbox(tmp_path, isolation=isolation)
    try:
        result = box.run(f"{PYTHON} -m http.server {port} --bind 127.0.0.1 > server.log 2>&1 &\necho started")
        assert result.exit_code == 0 and result.output.startswith("started")
        assert "1 background process(es) still running" in result.output
        assert _wait_for_port(port)
        assert box.run("true").exit_code == 0 and port_accepts(port)  # alive between commands
        assert len(box.pids()) == 1
    finally:
        box.close()
    assert not port_accepts(port)
    assert box.pids() == []
    box.close()  # idempotent
    with pytest.raises(RuntimeError):
        box.run("true")


def test_leftover_process_is_announced(sandbox: LocalSandbox) -> None:
    result = sandbox.run("sleep 60 > /dev/null 2>&1 &")
    assert result.exit_code == 0
    assert "1 background process(es) still running" in result.output and "sleep 60" in result.output


def test_chatty_background_process_neither_delays_nor_pollutes_results(sandbox: LocalSandbox) -> None:
    started = time.monotonic()
    result = sandbox.run("(while true; do echo tick; sleep 0.01; done) &\necho done")
    assert "done" in result.output and time.monotonic() - started < 2
    assert "tick" not in sandbox.run("sleep 0.2; echo next").output


def test_rss_limit_stops_a_memory_hog(tmp_path: Path, isolation: str) -> None:
    with LocalSandbox(tmp_path, isolation=isolation, memory_mb=512) as box:
        result = box.run(f'{PYTHON} -c "bytearray(2 << 30)"')
        assert result.exit_code == 137 and "memory limit exceeded" in result.output
        assert box.run(f'{PYTHON} -c "bytearray(64 << 20)"').exit_code == 0


def test_address_space_limit_stops_a_memory_hog(tmp_path: Path, isolation: str) -> None:
    with LocalSandbox(tmp_path, isolation=isolation, memory_mb=512, memory_mode="address_space") as box:
        result = box.run(f'{PYTHON} -c "bytearray(2 << 30)"')
        assert result.exit_code == 1 and "MemoryError" in result.output


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_node_runs_under_the_default_limit(sandbox: LocalSandbox) -> None:
    assert sandbox.run("node -e 1").exit_code == 0
    # WebAssembly reserves gigabytes of address space; undici's fetch needs it.
    result = sandbox.run("node -e \"new WebAssembly.Memory({initial: 1}); console.log('wasm ok')\"")
    assert result.exit_code == 0 and "wasm ok" in result.output


def test_secrets_are_not_visible_to_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolation: str) -> None:
    secrets = {
        "OPENAI_API_KEY": "sk-openai-secret",
        "ANTHROPIC_API_KEY": "sk-ant-secret",
        "GITHUB_TOKEN": "ghp-secret",
        "AWS_SECRET_ACCESS_KEY": "aws-secret",
        "DB_PASSWORD": "pw-secret",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    with LocalSandbox(tmp_path, isolation=isolation, env_extra={"APP_MODE": "test"}) as box:
        output = box.run("env").output
    assert "APP_MODE=test" in output and "PATH=" in output
    assert not [value for value in secrets.values() if value in output]


def test_huge_output_is_bounded(sandbox: LocalSandbox) -> None:
    result = sandbox.run("yes | head -c 5000000")
    assert result.exit_code == 0
    assert len(result.output) < 600_000 and "bytes of output cut by the sandbox" in result.output


def test_files_are_read_and_written_inside_the_workspace_only(sandbox: LocalSandbox, tmp_path: Path) -> None:
    sandbox.write_file("src/app.py", "print('hi')\n")
    assert sandbox.read_file("src/app.py") == "print('hi')\n"
    assert sandbox.run(f"{PYTHON} src/app.py").output == "hi\n"
    (tmp_path / "link").symlink_to("/etc")
    for escaping in ("../outside.txt", "/etc/passwd", "link/passwd"):
        with pytest.raises(PathOutsideWorkspace):
            sandbox.read_file(escaping)


def test_factory_short_names_and_dotted_paths(tmp_path: Path) -> None:
    for kind in ("local", "tools.sandbox.local.LocalSandbox"):
        box = make_sandbox(kind, tmp_path, default_timeout_s=5)
        assert isinstance(box, LocalSandbox) and box.default_timeout_s == 5
        box.close()
    for bad in ("nowhere", "tools.sandbox.local.Missing", "no.such.module.Sandbox"):
        with pytest.raises(ValueError):
            make_sandbox(bad, tmp_path)


@pytest.fixture
def docker_sandbox(tmp_path: Path) -> Iterator[object]:
    from tools.sandbox.docker_sandbox import DockerSandbox

    try:
        box = DockerSandbox(tmp_path, "python", postgres=True, default_timeout_s=30)
    except SandboxUnavailable as exc:
        pytest.skip(f"no Docker engine reachable, docker sandbox not tested: {exc}")
    yield box
    box.close()


def test_docker_sandbox_runs_commands_times_out_and_serves_postgres(docker_sandbox: object, tmp_path: Path) -> None:
    from tools.sandbox.docker_sandbox import DockerSandbox

    assert isinstance(docker_sandbox, DockerSandbox)
    result = docker_sandbox.run("echo out; echo err >&2; pwd; exit 3")
    assert result.exit_code == 3 and result.output.split() == ["out", "err", "/workspace"]
    docker_sandbox.write_file("hello.txt", "hi")
    assert docker_sandbox.run("cat hello.txt").output == "hi"
    docker_sandbox.run("echo made > made.txt")
    assert (tmp_path / "made.txt").read_text() == "made\n"
    timed = docker_sandbox.run("sleep 100 & sleep 100; wait", timeout_s=1)
    assert timed.timed_out and timed.exit_code is None
    probe = "import os, socket; socket.create_connection((os.environ['PGHOST'], 5432), 5); print('pg ok')"
    assert "pg ok" in docker_sandbox.run(f'python -c "{probe}"').output
