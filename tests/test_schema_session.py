"""Evidence through the session: with only the schema mitigation on, the pre-created workspace starts on
both databases before the agent has written a line (its only calls are `server`, `http` and `submit`)."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from agent.models.scripted import ScriptedModel
from agent.session import PRE_CREATED, RunPlan, run_agent
from agent.spec import Mitigations
from agent.trajectory import load_trajectory
from planners.constraints import ConstraintSet
from planners.contracts import load_contract
from tests.agent_scripts import call, turn, write_script


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_the_pre_created_workspace_starts_before_the_agent_writes_a_line(tmp_path: Path, database: str) -> None:
    run = tmp_path / "run"
    constraints = ConstraintSet(framework="flask", architecture="clean", database=database, orm="sqlalchemy")
    plan = RunPlan(
        workspace=run / "workspace", trajectory_path=run / "trajectory.json", result_path=run / "result.json",
        task_prompt="Build the Conduit API.", language="python", task_info={"name": "schema-evidence"},
        database="postgres" if database == "postgresql" else "sqlite",
        mitigations=Mitigations.off().model_copy(update={"schema_": True}), constraints=constraints,
        contract=load_contract("conduit"),
    )  # fmt: skip
    script = write_script(
        tmp_path / "agent.jsonl",
        [
            turn(call("server", {"action": "start"})),
            turn(call("http", {"method": "GET", "path": "/api/tags"})),
            turn(call("server", {"action": "stop"}), call("submit", {"summary": "the skeleton runs"})),
        ],
    )
    result = run_agent(plan, ScriptedModel(script))
    assert result.status == "submitted", result.reason
    started, tags = (step.observations[0] for step in load_trajectory(Path(result.trajectory)).steps[:2])
    assert not started.is_error, started.output
    assert (
        not tags.is_error and "200" in tags.output and json.loads(tags.output[tags.output.index("{") :]) == {"tags": []}
    )
    report = json.loads((run / "result.json").read_text())["mitigations_report"]["schema"]
    assert report["rendered"] is True
    repo = git.Repo(run / "workspace")
    subjects = [commit.message.splitlines()[0] for commit in repo.iter_commits()]
    assert subjects[1] == PRE_CREATED and len(subjects) == 3  # before, pre-created, after (nothing in between)
    assert repo.git.diff("HEAD~1", "HEAD", name_only=True) == "", "the agent changed nothing"
