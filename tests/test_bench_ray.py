"""`cagent bench --executor ray`: the same run function as Ray tasks on a local Ray (num_cpus=2), results
written to the store by the driver."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest

from tests.agent_cli_runs import cagent


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
