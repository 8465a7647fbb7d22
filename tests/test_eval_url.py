"""`cagent eval --url`: a server started by hand, outside the harness, scored as it runs."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from evals.references import reference_path
from evals.running_server import server_root
from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.tiny_apps import write_app
from tools.apps.install import install_dependencies
from tools.procs.ports import free_port


def _serve(command: list[str], cwd: Path, env: dict[str, str], port: int) -> Iterator[str]:
    """Start a server as a user would, wait for it to listen, yield its /api URL, stop it."""
    process = subprocess.Popen(
        command, cwd=cwd, env={**os.environ, **env, "PORT": str(port)}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health-check", timeout=2)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/api"
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def reference_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The reference backend, started by hand on its own SQLite file (its virtualenv made by the harness)."""
    workspace = reference_path()
    installed = install_dependencies(workspace, "python", 600)
    assert installed.ok, installed.log_tail
    database = tmp_path_factory.mktemp("db") / "conduit.db"
    env = {**installed.env, "DATABASE_URL": f"sqlite:///{database}", "JWT_SECRET": "s3cret"}
    yield from _serve(["sh", "run.sh"], workspace, env, free_port())


def test_a_running_server_is_scored_and_what_needs_its_workspace_is_skipped(reference_url: str, tmp_path: Path) -> None:
    out = tmp_path / "url.json"
    done = cagent("eval", "--url", reference_url, "--json", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(out.read_text())
    assert (result["passed"], result["total"], result["pass"]) == (311, 311, True)
    assert result["url"] == reference_url and result["compliance"] is None
    assert result["startup"]["ok"] and result["startup"]["health_status"] == 200
    assert {"compliance", "runtime_database_evidence", "strict_a_pct"} <= set(result["skipped"])
    assert result["install"]["skipped"] and result["isolation"] == "external"
    assert "skipped: compliance" in done.stdout and "strict A%" not in done.stdout.split("PASS")[-1]
    # Scored again on the same, no longer fresh, database; and given as the positional argument.
    again = cagent("eval", reference_url.removesuffix("/api"), "--json", str(out), "--quiet")
    assert again.returncode == 0, again.stderr
    assert json.loads(out.read_text())["passed"] == 311


def test_a_server_without_a_health_check_is_still_scored(tmp_path: Path) -> None:
    no_health = """
        if self.path.endswith("/health-check"):
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return"""
    app = write_app(tmp_path / "app", on_get=no_health)
    out = tmp_path / "r.json"
    for url in _serve_iter(["python3", "app.py"], app):
        done = cagent("eval", "--url", url, "--json", str(out), "--suite", "hurl-v2", "--quiet")
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text())
    assert result["startup"]["health_status"] == 404 and result["total"] > 0 and not result["pass"]
    assert any("answered 404" in note for note in result["startup"]["notes"])
    assert result["failure"] is not None  # classified like any failed evaluation


def _serve_iter(command: list[str], cwd: Path) -> Iterator[str]:
    yield from _serve(command, cwd, {}, free_port())


def test_nothing_listening_and_bad_addresses_are_one_line(tmp_path: Path) -> None:
    port = free_port()
    assert_one_line_error(cagent("eval", "--url", f"http://127.0.0.1:{port}/api"), "nothing answers at")
    assert_one_line_error(cagent("eval", "--url", "http://127.0.0.1:8080", "--framework", "flask"), "compliance")
    assert_one_line_error(cagent("eval", str(tmp_path), "--url", "http://127.0.0.1:8080"), "not several")


def test_the_server_root_is_found_from_any_way_of_writing_it() -> None:
    assert server_root("http://127.0.0.1:8080/api") == "http://127.0.0.1:8080"
    assert server_root("http://127.0.0.1:8080/api/") == "http://127.0.0.1:8080"
    assert server_root("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    assert server_root("https://example.test/conduit/api") == "https://example.test/conduit"
    for wrong in ("127.0.0.1:8080", "ftp://127.0.0.1/api", "http://127.0.0.1:8080/api?x=1"):
        with pytest.raises(ValueError, match="--url"):
            server_root(wrong)
