"""`cagent report`: each table against values computed by hand, from a store of real none-scaffold runs plus
runs recorded the way scripted cagent runs are (documents written into the store by the same path)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from evals.bench.matrix import PlannedRun, RunKey, expand_ablation
from evals.bench.store import RunStore
from evals.reporting.load import load_records
from evals.reporting.metrics import bootstrap_ci, pass_at_k, sem
from evals.reporting.tables import (
    ablation,
    by_level,
    cost_per_task,
    failure_taxonomy,
    framework_leaderboard,
    marginal_effects,
)
from evals.tasks import select_tasks
from tests.agent_cli_runs import assert_one_line_error, cagent


def test_pass_at_k_is_the_unbiased_estimator() -> None:
    assert pass_at_k(3, 1, 1) == pytest.approx(1 / 3)
    assert pass_at_k(3, 1, 3) == 1.0
    assert pass_at_k(5, 2, 3) == pytest.approx(1 - math.comb(3, 3) / math.comb(5, 3))  # 0.9
    assert pass_at_k(4, 0, 2) == 0.0
    assert sem([10.0, 20.0, 30.0]) == pytest.approx(10.0 / math.sqrt(3))
    low, high = bootstrap_ci([0.0, 10.0, 20.0])
    assert 0.0 <= low <= 10.0 <= high <= 20.0


def _record(
    store: RunStore, task: str, config: str, trial: int, strict: float, raw: float, passed: bool,
    failure: str | None = None, tokens: int = 0, wall: float = 1.0, subcategory: str | None = None,
) -> None:  # fmt: skip
    (bench_task,) = select_tasks(f"name={task}")
    configs = expand_ablation(["verifier"])
    key = RunKey(task=task, scaffold="cagent", model="scripted", config=config, trial=trial)
    store.add([PlannedRun(key=key, task=bench_task, scaffold="cagent", mitigations=configs[config])])
    summary = {
        "a_pct": raw, "strict_a_pct": strict, "pass": passed, "failure": failure, "subcategory": subcategory,
        "prompt_tokens": tokens, "completion_tokens": 0, "cost_usd": 0.01, "wall_s": wall, "exit_status": "submitted",
    }  # fmt: skip
    store.finish(key.id, "done", {"key": key.model_dump(), "summary": summary, "status": "done"})


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Real none-scaffold runs (the reference on two flask tasks, an empty workspace on a koa one), then cagent runs."""
    out = tmp_path_factory.mktemp("bench")
    done = cagent("bench", "--scaffold", "none", "--tasks", "name=flask-openapi-unconstrained,flask-openapi-sqlite,"
                  "koa-openapi-unconstrained", "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    runs = RunStore(out / "runs.db")
    l0, l3 = "flask-openapi-unconstrained", "flask-openapi-clean_architecture-sqlite-sqlalchemy"
    # all-on: L0 passes in trials 1-3; L3 strict 60/0/30 (trial 2 broke a constraint: raw 80, strict 0).
    _record(runs, l0, "all-on", 1, 100, 100, True, tokens=1000, wall=10)
    _record(runs, l0, "all-on", 2, 100, 100, True, tokens=1000, wall=10)
    _record(runs, l0, "all-on", 3, 100, 100, True, tokens=1000, wall=10)
    _record(runs, l3, "all-on", 1, 60, 60, False, "logic_error", 2000, 20, "database_runtime_error")
    _record(runs, l3, "all-on", 2, 0, 80, False, "constraint_violation", 2000, 20)
    _record(runs, l3, "all-on", 3, 30, 30, False, "logic_error", 2000, 20, "auth_misconfiguration")
    # no-verifier (leave-one-out) on L3: 40/0/10 -> deltas -20, 0, -20.
    _record(runs, l3, "no-verifier", 1, 40, 40, False, "logic_error", 1500, 12, "database_runtime_error")
    _record(runs, l3, "no-verifier", 2, 0, 70, False, "constraint_violation", 1500, 12)
    _record(runs, l3, "no-verifier", 3, 10, 10, False, "server_startup_failure", 1500, 12)
    return out / "runs.db"


def test_levels_table_by_hand(store: Path) -> None:
    records, counts = load_records(store)
    assert counts == {"done": 12} and len(records) == 12
    rows = {row[0]: row for row in by_level(records).rows}
    none = rows["none"]
    # L0: flask reference 100, koa empty 0 -> strict 50, pass@1 mean over tasks (1 + 0) / 2; L1: flask-sqlite 100.
    assert none[1] == {"strict": 50.0, "raw": 50.0, "pass@1": 50.0, "pass@3": None}
    assert none[2] == {"strict": 100.0, "raw": 100.0, "pass@1": 100.0, "pass@3": None} and none[5] is None
    on = rows["cagent / scripted / all-on"]
    assert on[1] == {"strict": 100.0, "raw": 100.0, "pass@1": 100.0, "pass@3": 100.0}
    assert on[4] == {"strict": 30.0, "raw": round(170 / 3, 1), "pass@1": 0.0, "pass@3": 0.0}
    assert on[5] == 70.0  # decay L0 -> L3 in points


def test_marginal_effects_from_matched_pairs(store: Path) -> None:
    records, _ = load_records(store)
    rows = {row[0]: row for row in marginal_effects(records).rows}
    # Only pair: none / flask-openapi-sqlite (100) against none / flask-openapi-unconstrained (100): delta 0.
    assert rows["sqlite"][1:] == [1, 0.0, 0.0]
    assert rows["clean_architecture"][1] == 0 and rows["postgres"][1] == 0 and rows["orm"][1] == 0


def test_framework_leaderboard_and_failures(store: Path) -> None:
    records, _ = load_records(store)
    board = framework_leaderboard(records).rows
    assert [row[0] for row in board] == ["flask", "koa"]
    # flask strict: none 100, 100; cagent 100 x3, 60, 0, 30, 40, 0, 10 -> 640 / 11; raw 790 / 11
    assert board[0][1:4] == [11, round(640 / 11, 1), round(790 / 11, 1)] and board[1][1:3] == [1, 0.0]
    coarse, logic = failure_taxonomy(records)
    by_name = {row[0]: row for row in coarse.rows}
    columns = coarse.columns
    assert by_name["logic_error"][columns.index("L3")] == 3 and by_name["logic_error"][-1] == 3
    assert by_name["constraint_violation"][-1] == 2 and by_name["server_startup_failure"][-1] == 2  # + empty koa
    assert by_name["server_startup_failure"][columns.index("koa")] == 1
    subs = {row[0]: row[-1] for row in logic.rows}
    assert subs == {"database_runtime_error": 2, "auth_misconfiguration": 1}


def test_ablation_and_cost_tables(store: Path) -> None:
    records, _ = load_records(store)
    rows = {row[0]: row for row in ablation(records).rows}
    assert rows["all-on"][:3] == ["all-on", 6, 65.0] and rows["all-on"][3] is None
    loo = rows["no-verifier"]
    assert loo[1] == 3 and loo[2] == round(50 / 3, 1) and loo[6] == 1500 and loo[7] == 12.0
    assert loo[3]["mean"] == round(-40 / 3, 1) and -20.0 <= loo[3]["low"] <= loo[3]["mean"] <= loo[3]["high"] <= 0.0
    assert loo[5] == {"mean": 0.0, "low": 0.0, "high": 0.0}  # no run passed in either config
    cost = {(row[0], row[1]): row for row in cost_per_task(records).rows}
    l3 = cost[("flask-openapi-clean_architecture-sqlite-sqlalchemy", "cagent / scripted / all-on")]
    assert l3[2:] == [3, 2000, 0.01, 20.0]


def test_report_command_writes_markdown_html_and_figures(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    done = cagent("report", str(store), "--out", str(out))
    assert done.returncode == 0, done.stderr
    markdown = (out / "report.md").read_text()
    assert "| cagent / scripted / all-on | 100 / 100 / 100 / 100 |" in markdown
    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") == 3 and "<script" not in page and "http" not in page.split("<body>")[1]
    for name in ("decay_by_level.png", "framework_leaderboard.png", "ablation.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert json.loads((out / "tables.json").read_text())[0]["key"] == "levels"
    assert_one_line_error(cagent("report", str(tmp_path / "missing.db")), "no such store")
