"""Planning through its real paths: a solve run (in-process), `cagent run-task` and `cagent plan`, scripted models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer

from agent.budget import Budget
from agent.commands.execution import execute
from agent.isolation_option import choose_isolation
from agent.spec import Mitigations
from agent.tasks import plan_from_prompt
from planners.constraints.model import ConstraintSet
from planners.contracts import contract_path, load_contract, operations
from planners.extraction import spec_extraction
from planners.planning import as_draft, default_plan
from prompts.render import render
from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.agent_scripts import call, turn, write_script

FLASK = ConstraintSet(framework="flask", architecture="clean", database="sqlite", orm="sqlalchemy")
OPERATIONS = len(operations(load_contract()))


def published_prompt(constraints: ConstraintSet = FLASK) -> str:
    return render("task_greenfield.md.j2", contract_text=contract_path().read_text(), framework=constraints.framework,
                  language=constraints.language, architecture=constraints.architecture,
                  database=constraints.database, orm=constraints.orm)  # fmt: skip


def _solve(tmp_path: Path, prompt: str, *, plan_on: bool = True, planner: str | None = None) -> Path:
    """A `cagent solve --task-file` run in this process (the command's own path, without a new interpreter)."""
    script = write_script(tmp_path / "agent.jsonl", [turn(call("submit", {"summary": "done"}))])
    workdir = tmp_path / "run"
    switches = Mitigations(plan=plan_on, retrieval=False, schema=False, verifier=False)
    run = plan_from_prompt(prompt, workdir=workdir, framework=None, budget=Budget(steps=5), mitigations=switches)
    run.isolation = choose_isolation("none")
    if planner:
        run.mitigation_options["planner_model"] = planner
    result = execute(run, f"scripted:{script}", None, None, quiet=True)
    assert result.status == "submitted", result.reason
    return workdir


def _sent_prompt(workdir: Path) -> str:
    return json.loads((workdir / "trajectory.json").read_text())["messages"][1]["content"]


def test_planning_on_puts_the_plan_in_the_prompt_and_in_plan_json(tmp_path: Path) -> None:
    prompt = published_prompt()
    workdir = _solve(tmp_path, prompt)
    plan = json.loads((workdir / "plan.json").read_text())
    assert plan["constraints"] == {"framework": "flask", "architecture": "clean", "database": "sqlite",
                                   "orm": "sqlalchemy"}  # fmt: skip
    assert len(plan["operations"]) == OPERATIONS and plan["refinement"]["outcome"] == "default"
    sent = _sent_prompt(workdir)
    assert sent.startswith(prompt.rstrip()) and "## Plan: constraints first" in sent
    assert "`routes/articles.py` -> `services/articles.py`" in sent
    report = json.loads((workdir / "result.json").read_text())["mitigations_report"]["plan"]
    assert report["operations"] == OPERATIONS and report["decided_by"]["orm"] == "stated" and report["planner"] is None


def test_planning_off_leaves_the_prompt_as_it_was(tmp_path: Path) -> None:
    prompt = published_prompt()
    workdir = _solve(tmp_path, prompt, plan_on=False)
    assert _sent_prompt(workdir).strip() == prompt.strip() and not (workdir / "plan.json").exists()


def test_a_planner_draft_that_breaks_an_obligation_is_rejected_and_the_default_used(tmp_path: Path) -> None:
    default = default_plan(FLASK, load_contract(), spec_extraction(FLASK))
    draft = as_draft(default)
    for entry in draft.files:
        if entry.path == "routes/articles.py":
            entry.duties.append("opens a SQLAlchemy session for each request")
        if entry.path == "repositories/articles.py":
            entry.imports.append("routes/articles.py")
    planner = write_script(tmp_path / "planner.jsonl", [{"content": draft.model_dump_json()}] * 3)
    workdir = _solve(tmp_path, published_prompt(), planner=f"scripted:{planner}")
    plan = json.loads((workdir / "plan.json").read_text())
    refinement = plan["refinement"]
    assert refinement["outcome"] == "rejected" and len(refinement["attempts"]) == 3
    reasons = refinement["attempts"][0]["reasons"]
    assert any(r.startswith("routes/articles.py opens a database session") for r in reasons)
    assert any(r.startswith("repositories/articles.py imports routes/articles.py") for r in reasons)
    assert plan["operations"] == json.loads(json.dumps(default.as_json()))["operations"]
    report = json.loads((workdir / "result.json").read_text())["mitigations_report"]["plan"]
    assert report["refinement"] == "rejected" and report["planner"]["calls"] == 3


def test_an_ambiguous_prompt_without_a_planner_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(typer.Exit) as stopped:
        _solve(tmp_path, "Build a Flask API. Use SQLite or PostgreSQL, whichever you prefer.")
    assert stopped.value.exit_code == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "ambiguous task: database: the task asks for sqlite and postgresql" in lines[0]
    assert "pass --planner-model" in lines[0]


def test_a_task_naming_no_stack_runs_unplanned(tmp_path: Path) -> None:
    workdir = _solve(tmp_path, "Build it.")
    assert _sent_prompt(workdir).strip() == "Build it." and not (workdir / "plan.json").exists()
    report = json.loads((workdir / "result.json").read_text())["mitigations_report"]["plan"]
    assert report["plan"] is None and "the task names no framework" in report["skipped"]


def test_run_task_extracts_and_plans_a_published_prompt(tmp_path: Path) -> None:
    express = ConstraintSet(framework="express", architecture="none", database="postgresql", orm="sequelize")
    script = write_script(tmp_path / "agent.jsonl", [turn(call("submit", {"summary": "done"}))])
    workspace = tmp_path / "ws"
    workspace.mkdir()
    env = {"PROMPT": published_prompt(express), "LLM_MODEL": f"scripted:{script}", "CAGENT_MITIGATIONS": "plan",
           "CAGENT_ISOLATION": "none", "TRAJECTORY_DIR": str(tmp_path / "records")}  # fmt: skip
    done = cagent("run-task", cwd=workspace, env=env)
    assert done.returncode == 0, done.stderr
    plan = json.loads((tmp_path / "records" / "plan.json").read_text())
    assert plan["constraints"] == {"framework": "express", "architecture": "none", "database": "postgresql",
                                   "orm": "sequelize"}  # fmt: skip
    assert plan["extraction"]["decided_by"]["database"]["phrase"] == "Use PostgreSQL as the database."
    assert "## Plan: constraints first" in json.loads((tmp_path / "records" / "trajectory.json").read_text())[
        "messages"][1]["content"]  # fmt: skip


def test_cagent_plan_prints_one_json_document_for_a_spec() -> None:
    done = cagent("plan", "examples/conduit-flask-l3-postgres.yaml", "--json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["constraints"] == {"framework": "flask", "architecture": "clean", "database": "postgresql",
                                       "orm": "sqlalchemy"}  # fmt: skip
    assert len(document["operations"]) == OPERATIONS and document["obligations"]["items"][0]["id"].startswith(
        "framework."
    )


def test_cagent_plan_lets_a_planner_model_settle_a_task_file(tmp_path: Path) -> None:
    task = tmp_path / "task.md"
    task.write_text("Build it with Koa. Use SQLite for tests and PostgreSQL in production.")
    done = cagent("plan", "--task-file", str(task))
    assert_one_line_error(done, "pass --planner-model to let a model decide")
    answer = {field: {"value": value, "phrase": phrase} for field, value, phrase in (
        ("framework", "koa", "Build it with Koa."), ("architecture", "none", ""),
        ("database", "postgresql", "PostgreSQL in production"), ("orm", "none", ""))}  # fmt: skip
    planner = write_script(tmp_path / "planner.jsonl", [{"content": json.dumps(answer)}])
    done = cagent("plan", "--task-file", str(task), "--json", "--planner-model", f"scripted:{planner}")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["constraints"]["database"] == "postgresql"
    decided = document["extraction"]["decided_by"]["database"]
    assert decided == {"value": "postgresql", "how": "model", "phrase": "PostgreSQL in production"}
    assert document["operations"] == []  # the task embeds no contract
