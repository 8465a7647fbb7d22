"""`cagent bench --executor ray`: the same run function as Ray tasks on a local Ray (num_cpus=2), results
written to the store by the driver; and a cluster started apart, joined with --ray-address."""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.agent_scripts import spending_script
from tools.procs.ports import free_port


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed: pip install 'cagent[ray]'")
def test_a_sweep_through_ray(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    tasks = "name=flask-openapi-sqlite,koa-openapi-sqlite"
    args = ["--tasks", tasks, "--executor", "ray", "--workers", "2", "--out", str(out)]
    done = cagent("bench", "--scaffold", "none", *args, env={"RAY_USAGE_STATS_ENABLED": "0"})
    assert done.returncode == 0, done.stdout + done.stderr
    with sqlite3.connect(out / "runs.db") as db:
        rows = dict(db.execute("SELECT task, a_pct FROM runs WHERE status='done'").fetchall())
    assert rows == {"flask-openapi-sqlite": 100.0, "koa-openapi-sqlite": 0.0}


def _cluster_pids(temp: Path) -> set[int]:
    """The processes of the cluster whose session lives under `temp`, and all their descendants."""
    parents: dict[int, int] = {}
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if str(temp).encode() in (entry / "cmdline").read_bytes():
                found.add(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue
    grown = True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in found} - found
        found |= more
        grown = bool(more)
    ours, pid = set(), os.getpid()  # never this process or its ancestors, whatever their command lines say
    while pid > 1 and pid not in ours:
        ours.add(pid)
        pid = parents.get(pid, 0)
    return found - ours


def _stop_cluster(temp: Path) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in _cluster_pids(temp):
            with contextlib.suppress(OSError):
                os.kill(pid, sig)
        deadline = time.monotonic() + 30
        while _cluster_pids(temp) and time.monotonic() < deadline:
            time.sleep(0.2)


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed: pip install 'cagent[ray]'")
def test_a_sweep_joins_a_running_cluster_and_its_cost_cap_cancels_the_ray_task(tmp_path: Path) -> None:
    """`--ray-address` joins a cluster started apart (`ray start --head`), and the cost cap stops a run that is
    under way there through `ray.cancel`: the run is recorded as stopped and nothing else starts."""
    ray = Path(sys.executable).with_name("ray")
    port = free_port()
    temp = Path(tempfile.mkdtemp(prefix="cr", dir="/tmp"))  # short: Ray's socket paths must fit in 107 bytes
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    started = subprocess.run(
        [str(ray), "start", "--head", f"--port={port}", "--num-cpus=2", "--include-dashboard=false",
         f"--temp-dir={temp}", "--disable-usage-stats"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        script = spending_script(tmp_path / "spend.jsonl", sleep_s=300)
        out = tmp_path / "bench"
        done = cagent("bench", "--scaffold", "cagent", "--model", f"scripted:{script}", "--tasks",
                      "name=flask-openapi-unconstrained,koa-openapi-unconstrained", "--executor", "ray",
                      "--ray-address", f"127.0.0.1:{port}", "--workers", "1", "--cost-cap", "1.0", "--out", str(out),
                      env={"RAY_USAGE_STATS_ENABLED": "0", "CAGENT_MITIGATIONS": "none"})  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        assert "cost cap $1.00 reached" in done.stdout
        with sqlite3.connect(out / "runs.db") as db:
            rows = db.execute("SELECT status, spent_usd, document FROM runs ORDER BY rowid").fetchall()
        assert sorted(status for status, _, _ in rows) == ["pending", "stopped"]
        _, spent, document = next(row for row in rows if row[0] == "stopped")
        assert 1.0 <= spent <= 1.6 + 1e-9 and json.loads(document)["scaffold"]["status"] == "interrupted"
        workers = list(temp.glob("session_*/logs/worker-*.out"))
        assert workers, f"no Ray worker ran on the cluster at {temp}"  # the run went to the joined cluster
    finally:
        _stop_cluster(temp)  # this cluster alone: `ray stop` would stop every Ray on the machine
        shutil.rmtree(temp, ignore_errors=True)


@pytest.mark.skipif(importlib.util.find_spec("ray") is None, reason="Ray is not installed: pip install 'cagent[ray]'")
def test_a_cluster_address_nothing_answers_is_one_line(tmp_path: Path) -> None:
    args = ["--tasks", "name=flask-openapi-sqlite", "--executor", "ray", "--out", str(tmp_path / "bench")]
    done = cagent("bench", "--scaffold", "none", *args, "--ray-address", f"127.0.0.1:{free_port()}")
    assert_one_line_error(done, "nothing answers there")
