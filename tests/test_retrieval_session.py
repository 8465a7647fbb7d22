"""Evidence through the session: on a Fastify task, the log line a Fastify server writes for an empty JSON
body (printed by a real process the scripted agent runs) gets the Fastify empty-body card attached, the
prompt carries the stack's conventions and the `docs` tool answers; with retrieval off, none of it."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

from agent.models.scripted import ScriptedModel
from agent.session import RunPlan, run_agent
from agent.spec import Mitigations
from agent.trajectory import load_trajectory
from planners.constraints import ConstraintSet
from tests.agent_scripts import call, turn, write_script
from tests.test_retrieval import FASTIFY_LOG


def _plan(tmp_path: Path, retrieval: bool) -> RunPlan:
    run = tmp_path / "run"
    return RunPlan(
        workspace=run / "workspace", trajectory_path=run / "trajectory.json", result_path=run / "result.json",
        task_prompt="Build the Conduit API with Fastify and PostgreSQL.", language="node",
        task_info={"name": "retrieval-evidence"}, database="none",
        mitigations=Mitigations.off().model_copy(update={"retrieval": retrieval}),
        constraints=ConstraintSet(framework="fastify", database="postgresql"),
    )  # fmt: skip


def _script(tmp_path: Path) -> ScriptedModel:
    server_log = f"node -e {shlex.quote(f'console.log({json.dumps(FASTIFY_LOG)})')}"
    turns = [
        turn(call("bash", {"command": server_log})),
        turn(call("bash", {"command": server_log})),
        turn(call("docs", {"query": "empty body with content-type application/json"})),
        turn(call("submit", {"summary": "done"})),
    ]
    return ScriptedModel(write_script(tmp_path / "agent.jsonl", turns))


def test_the_fastify_error_in_a_server_log_gets_its_card_attached_once(tmp_path: Path) -> None:
    plan = _plan(tmp_path, retrieval=True)
    run_agent(plan, _script(tmp_path))
    trajectory = load_trajectory(plan.trajectory_path)
    first, second, docs = (step.observations[0] for step in trajectory.steps[:3])
    assert "FST_ERR_CTP_EMPTY_JSON_BODY" in first.output
    assert [a.source for a in first.attachments] == ["retrieval:fastify-empty-json-body"]
    assert "getDefaultJsonParser" in first.output  # the model saw the card
    assert "retrieval:fastify-empty-json-body" not in [a.source for a in second.attachments]
    assert "[card fastify-empty-json-body]" in docs.output
    prompt = next(m["content"] for m in trajectory.messages if m.get("role") == "user")
    assert "## Conventions for this stack (node + fastify + postgresql)" in prompt
    report = json.loads(plan.result_path.read_text())["mitigations_report"]["retrieval"]  # type: ignore[union-attr]
    assert report["attachments"][0]["card"] == "fastify-empty-json-body" and report["cards"]


def test_with_retrieval_off_there_is_no_docs_tool_and_no_attachment(tmp_path: Path) -> None:
    plan = _plan(tmp_path, retrieval=False)
    run_agent(plan, _script(tmp_path))
    trajectory = load_trajectory(plan.trajectory_path)
    assert all(not o.attachments for step in trajectory.steps for o in step.observations)
    docs = trajectory.steps[2].observations[0]
    assert docs.is_error and "docs" in docs.output
    prompt = next(m["content"] for m in trajectory.messages if m.get("role") == "user")
    assert "Conventions for this stack" not in prompt
