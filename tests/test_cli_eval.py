"""`cagent eval` as users run it: a real subprocess, exit codes, one-line errors, the JSON document."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
