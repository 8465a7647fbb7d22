"""`cagent bench`: the store, kill -9 and --resume, the cost cap, infra errors, ablation configs; real runs."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from agent.spec import Mitigations
from evals.bench.executors import LocalExecutor
from evals.bench.matrix import NO_CONFIG, AblationError, PlannedRun, RunKey, expand_ablation
from evals.bench.run_one import RunSpec
from evals.tasks import select_tasks
from tests.agent_cli_runs import PROJECT, assert_one_line_error, cagent
from tests.agent_scripts import bash, spending_script, turn, write_script


def _rows(store: Path) -> list[dict]:
    with sqlite3.connect(store) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute("SELECT * FROM runs ORDER BY rowid")]


def test_ablation_expands_into_all_on_all_off_and_leave_one_out() -> None:
    configs = expand_ablation(["plan", "verifier"])
    assert list(configs) == ["all-on", "all-off", "no-plan", "no-verifier"]
    assert configs["all-off"].model_dump(by_alias=True) == {"plan": False, "retrieval": True, "schema": True,
                                                           "verifier": False}  # fmt: skip
    assert configs["no-plan"].enabled("verifier") and not configs["no-plan"].enabled("plan")
    assert list(expand_ablation([])) == ["all-on"]
    with pytest.raises(AblationError, match="choose from"):
        expand_ablation(["magic"])


def test_kill_9_then_resume_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    args = [
        "bench",
        "--scaffold",
        "none",
        "--tasks",
        "name=flask-openapi-unconstrained,flask-openapi-sqlite,koa-openapi-sqlite",
        "--workers",
        "1",
        "--out",
        str(out),
    ]
    driver = subprocess.Popen([sys.executable, "-m", "evals", *args], cwd=PROJECT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)  # fmt: skip
    store = out / "runs.db"
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # until one run is recorded and the next one is under way
            try:
                rows = _rows(store) if store.exists() else []
            except sqlite3.OperationalError:  # the store is being created
                rows = []
            statuses = [row["status"] for row in rows]
            if "done" in statuses and "running" in statuses:
                break
            assert driver.poll() is None, "the sweep ended before it could be killed"
            time.sleep(0.1)
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait()
    finally:
        if driver.poll() is None:
            driver.kill()
    before = {row["id"]: row for row in _rows(store)}
    done_before = {i for i, row in before.items() if row["status"] == "done"}
    running_before = {i for i, row in before.items() if row["status"] == "running"}
    assert len(before) == 3 and done_before and running_before
    assert_one_line_error(cagent(*args), "already holds a sweep")
    resumed = cagent(*args, "--resume")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    after = {row["id"]: row for row in _rows(store)}
    assert set(after) == set(before) and all(row["status"] == "done" for row in after.values())
    for run_id in done_before:  # recorded before the kill: kept, not run again
        assert after[run_id]["attempts"] == 1 and after[run_id]["finished_at"] == before[run_id]["finished_at"]
    for run_id in running_before:  # under way at the kill: run again
        assert after[run_id]["attempts"] == 2 and after[run_id]["a_pct"] in (0.0, 100.0)
    first = next(row for row in after.values() if row["task"] == "flask-openapi-unconstrained")
    document = json.loads(first["document"])
    assert document["evaluation"]["task"] == document["key"]["task"] and document["summary"]["pass"] is True


def test_cost_cap_stops_the_running_run_and_starts_no_other(tmp_path: Path) -> None:
    script = spending_script(tmp_path / "spend.jsonl", sleep_s=120)
    out = tmp_path / "bench"
    done = cagent("bench", "--scaffold", "cagent", "--model", f"scripted:{script}", "--tasks",
                  "framework=express level=0,1", "--ablate", "plan,retrieval,schema,verifier", "--workers", "1",
                  "--cost-cap", "1.0", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "cost cap $1.00 reached" in done.stdout
    rows = _rows(out / "runs.db")
    assert len(rows) == 4 * 6  # 4 tasks x (all-on, all-off, 4 leave-one-out)
    stopped = [row for row in rows if row["status"] == "stopped"]
    assert len(stopped) == 1 and sum(row["status"] == "pending" for row in rows) == 23
    spent = sum(row["spent_usd"] for row in rows)
    assert 1.0 <= spent <= 1.6 + 1e-9  # stopped at its next step after the cap, never the whole script
    document = json.loads(stopped[0]["document"])
    assert document["scaffold"]["status"] == "interrupted" and document["evaluation"] is None


def _pids_running(token: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and token.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return [pid for pid in found if pid != os.getpid()]


def _until(check, timeout_s: float = 180.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


def test_a_run_past_its_wall_clock_is_killed_with_all_it_started(tmp_path: Path) -> None:
    """The local executor's own limit (the backstop behind the scaffold's): the worker and the agent's command
    in its box are killed, and the run is an infrastructure failure, not the model's."""
    token = f"cagent-hang-{uuid.uuid4().hex[:10]}"
    script = write_script(tmp_path / "hang.jsonl", [turn(bash(f"sleep 600; echo {token}"))])
    (task,) = select_tasks("name=flask-openapi-unconstrained")
    key = RunKey(task=task.name, scaffold="cagent", model=f"scripted:{script}", config=NO_CONFIG, trial=1)
    off = Mitigations(plan=False, retrieval=False, schema=False, verifier=False)
    spec = RunSpec(planned=PlannedRun(key=key, task=task, scaffold="cagent", mitigations=off), run_dir=tmp_path / "run")
    executor = LocalExecutor(1, tmp_path / "control", {}, run_timeout_s=3600)
    try:
        executor.submit(key.id, spec)
        assert _until(lambda: bool(_pids_running(token))), "the agent's command never started"
        assert executor.poll() == []  # within its limit: left alone
        executor.run_timeout_s = 0  # now past it
        ((run_id, document),) = executor.poll()
    finally:
        executor.close()
    assert run_id == key.id and document["status"] == "infra_error"
    assert "passed its wall-clock limit of 0 s and was killed" in document["infra_reason"]
    assert _until(lambda: not _pids_running(token), 30.0), f"left running: {_pids_running(token)}"


def test_infra_errors_are_recorded_apart_and_retried_on_request(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    env = {"CAGENT_CACHE_DIR": str(tmp_path / "no-scaffolds")}  # mini-swe-agent "not installed" here
    args = ["bench", "--scaffold", "mini-swe-agent,none", "--model", "openai/fake", "--tasks",
            "name=koa-openapi-unconstrained", "--out", str(out)]  # fmt: skip
    first = cagent(*args, env=env)
    assert first.returncode == 0, first.stderr
    rows = {row["scaffold"]: row for row in _rows(out / "runs.db")}
    assert (
        rows["mini-swe-agent"]["status"] == "infra_error" and "not installed" in rows["mini-swe-agent"]["infra_reason"]
    )
    assert rows["none"]["status"] == "done" and rows["none"]["a_pct"] == 0.0
    again = cagent(*args, "--resume", env=env)
    assert {r["scaffold"]: r["attempts"] for r in _rows(out / "runs.db")} == {"mini-swe-agent": 1, "none": 1}
    assert again.returncode == 0
    cagent(*args, "--resume", "--retry-infra", env=env)
    assert {r["scaffold"]: r["attempts"] for r in _rows(out / "runs.db")} == {"mini-swe-agent": 2, "none": 1}


def test_bad_bench_input_is_one_line(tmp_path: Path) -> None:
    out = ["--out", str(tmp_path / "b")]
    assert_one_line_error(cagent("bench", "--scaffold", "cagent", *out), "--model is needed for cagent")
    assert_one_line_error(cagent("bench", "--scaffold", "nope", *out), "nope")
    assert_one_line_error(cagent("bench", "--scaffold", "none", "--tasks", "level=9", *out), "level '9'")
    assert_one_line_error(cagent("bench", "--scaffold", "none", "--ablate", "plan", *out), "cagent scaffold only")
    assert_one_line_error(cagent("bench", "--scaffold", "none", "--retry-infra", *out), "goes with --resume")
