"""`cagent eval` as users run it: a real subprocess, exit codes, one-line errors, the JSON document."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from evals.runner import SCRATCH_PREFIX
from tests.fault_apps import MARK_THEN_HANG
from tests.fault_apps import write_app as write_fault_app
from tests.tiny_apps import write_app

PROJECT = Path(__file__).resolve().parent.parent


def cagent(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "evals", *args],
        capture_output=True, text=True, timeout=300, cwd=PROJECT, env={**os.environ, **(env or {})},
    )  # fmt: skip


def _one_error_line(done: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0], done.stderr
    assert "Traceback" not in done.stderr


def test_no_such_path_is_bad_input(tmp_path: Path) -> None:
    _one_error_line(cagent("eval", str(tmp_path / "missing"), "--db", "sqlite"), "no such path")


def test_unknown_suite_is_bad_input(tmp_path: Path) -> None:
    _one_error_line(cagent("eval", str(tmp_path), "--suite", "cypress"), "unknown suite")


def test_nothing_to_start_is_bad_input(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("no server here")
    _one_error_line(cagent("eval", str(tmp_path), "--db", "none"), "no way to start it")


def test_unreachable_database_server_is_bad_input(tmp_path: Path) -> None:
    done = cagent("eval", str(tmp_path), env={"CAGENT_PG_ADMIN_URL": "postgresql://x@127.0.0.1:9/postgres"})
    _one_error_line(done, "cannot connect to PostgreSQL")


def test_a_low_score_still_exits_zero_and_writes_json(tmp_path: Path) -> None:
    """A server that only answers the health check: the evaluation ran, so exit 0, and nothing passes."""
    workspace = write_app(tmp_path / "app")
    out = tmp_path / "result.json"
    done = cagent(
        "eval", str(workspace), "--db", "none", "--suite", "postman-v1", "--json", str(out),
        "--task", "tiny", "--scaffold", "hand-written", "--model", "none", "--trial", "2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(out.read_text())
    assert document["pass"] is False and document["startup"]["ok"] is True
    recorded = tuple(document[key] for key in ("task", "scaffold", "model", "trial"))
    assert recorded == ("tiny", "hand-written", "none", 2)
    assert document["failure"]["category"] and document["failure"]["evidence"]
    assert document["total"] == document["failed"] + document["passed"] > 0
    assert len(document["suites"][0]["requests"]) == 32
    assert "FAIL" in done.stdout


def test_bad_limits_and_outputs_are_one_line(tmp_path: Path) -> None:
    workspace = write_app(tmp_path / "app")
    _one_error_line(cagent("eval", str(workspace), "--db", "none", "--memory-mb", "-1"), "--memory-mb")
    _one_error_line(cagent("eval", str(workspace), "--db", "none", "--startup-timeout", "0"), "--startup-timeout")
    not_json = tmp_path / "collection.json"
    not_json.write_text("this is not a collection")
    done = cagent("eval", str(workspace), "--db", "none", "--oracle", "newman", "--collection", str(not_json))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    _one_error_line(
        cagent("eval", str(workspace), "--db", "none", "--suite", "postman-v1", "--json", str(tmp_path)), "cannot write"
    )
    contradiction = ["--db", "sqlite", "--framework", "flask", "--database", "postgresql"]
    _one_error_line(cagent("eval", str(workspace), *contradiction), "contradicts")


def test_request_bounds_are_options_recorded_in_the_result(tmp_path: Path) -> None:
    workspace = write_app(tmp_path / "app")
    _one_error_line(cagent("eval", str(workspace), "--db", "none", "--max-body-mb", "0"), "--max-body-mb")
    _one_error_line(cagent("eval", str(workspace), "--db", "none", "--request-timeout", "-1"), "--request-timeout")
    out = tmp_path / "result.json"
    done = cagent(
        "eval", str(workspace), "--db", "none", "--max-body-mb", "3", "--request-timeout", "4.5", "--json", str(out)
    )
    assert done.returncode == 0, done.stderr
    limits = json.loads(out.read_text())["request_limits"]
    assert (limits["max_body_mb"], limits["request_timeout_s"]) == (3, 4.5)


def _start_eval(workspace: Path, out: Path, ignore_sigint: bool = False) -> subprocess.Popen[str]:
    def before_exec() -> None:
        if ignore_sigint:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a background or nohup launch leaves it

    return subprocess.Popen(
        [sys.executable, "-m", "evals", "eval", str(workspace), "--db", "none", "--request-timeout", "120",
         "--json", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT, preexec_fn=before_exec,
    )  # fmt: skip


def _wait_for(condition, what: str, process: subprocess.Popen[str], seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"cagent eval ended before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"no {what} within {seconds:.0f} s")
        time.sleep(0.1)


def _scratch_of(pid: int) -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{pid}-*"))


@pytest.mark.parametrize(("sig", "ignore_sigint"), [(signal.SIGTERM, False), (signal.SIGINT, True)])
def test_a_signal_mid_suite_tears_down_and_leaves_an_interrupted_result(
    tmp_path: Path, sig: signal.Signals, ignore_sigint: bool
) -> None:
    workspace = write_fault_app(tmp_path / "app", MARK_THEN_HANG)
    out = tmp_path / "result.json"
    process = _start_eval(workspace, out, ignore_sigint)
    _wait_for((workspace / "suite-started").exists, "request of the suite", process)
    process.send_signal(sig)
    try:
        stdout, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 130, stdout + stderr
    assert "Traceback" not in stderr
    document = json.loads(out.read_text())
    assert document["fault"] == "interrupted" and document["fault_detail"] == f"{sig.name} during suite"
    assert document["pass"] is False and document["failure"]["category"] == "harness_fault"
    answered = [r["name"] for r in document["suites"][0]["requests"]]
    assert document["suites"][0]["suite"] == "postman-v1" and answered == ["Register"], "what ran before is kept"
    assert "fault: interrupted" in stdout
    assert _scratch_of(process.pid) == []
    with socket.socket() as sock:
        assert sock.connect_ex(("127.0.0.1", document["startup"]["port"])) != 0, "the app outlived the harness"


def test_kill_9_leaves_a_scratch_directory_the_next_evaluation_sweeps(tmp_path: Path) -> None:
    workspace = write_fault_app(tmp_path / "app", MARK_THEN_HANG)
    process = _start_eval(workspace, tmp_path / "never.json")
    _wait_for((workspace / "suite-started").exists, "request of the suite", process)
    left = _scratch_of(process.pid)
    process.kill()
    process.communicate(timeout=60)
    assert len(left) == 1 and left[0].is_dir(), "a harness killed with SIGKILL cannot clean up"
    done = cagent("eval", str(write_app(tmp_path / "other")), "--db", "none", "--quiet")
    assert done.returncode == 0, done.stderr
    assert not left[0].exists()
