"""The agent runtime driven by scripted models: budgets, malformed calls, condensation, records, git."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest

from agent.budget import Budget
from agent.condense import estimate_tokens
from agent.loop import LoopConfig
from agent.models.replay import ReplayModel
from agent.models.scripted import ScriptedModel
from agent.session import RunPlan, run_agent
from agent.trajectory import load_trajectory
from tests.agent_scripts import bash, call, turn, write_script


def _plan(tmp_path: Path, budget: Budget | None = None) -> RunPlan:
    return RunPlan(
        workspace=tmp_path / "run" / "workspace",
        trajectory_path=tmp_path / "run" / "trajectory.json",
        result_path=tmp_path / "run" / "result.json",
        task_prompt="Write hello.txt, then submit.",
        language="python",
        task_info={"name": "unit"},
        budget=budget or Budget(),
        database="none",
    )


def test_submitted_run_records_everything_and_commits(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl",
        [
            turn(call("editor", {"command": "create", "path": "hello.txt", "file_text": "hi\n"}), cost=0.01),
            turn(bash("cat hello.txt"), cost=0.02),
            turn(call("submit", {"summary": "wrote hello"})),
        ],
    )
    result = run_agent(_plan(tmp_path), ScriptedModel(script))
    assert result.status == "submitted" and result.steps == 3 and abs(result.cost_usd - 0.03) < 1e-9
    trajectory = load_trajectory(Path(result.trajectory))
    assert trajectory.status == "submitted" and trajectory.exit and trajectory.exit.final_commit == result.final_commit
    assert "hi" in trajectory.steps[1].observations[0].output
    saved = json.loads((tmp_path / "run" / "result.json").read_text())
    assert saved["status"] == "submitted" and saved["steps"] == 3
    repo = git.Repo(tmp_path / "run" / "workspace")
    assert [c.message.strip().split(" (")[0] for c in repo.iter_commits()] == [
        "cagent: workspace after the agent",
        "cagent: workspace before the agent",
    ]
    assert "hello.txt" in repo.git.diff(result.base_commit, result.final_commit, name_only=True)


def test_step_budget_stops_the_run(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("true")) for _ in range(6)])
    result = run_agent(_plan(tmp_path, Budget(steps=2)), ScriptedModel(script))
    assert result.status == "budget_exhausted" and result.steps == 2 and "step budget" in result.reason


def test_cost_budget_stops_the_run(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("true"), cost=0.4) for _ in range(6)])
    result = run_agent(_plan(tmp_path, Budget(cost_usd=1.0)), ScriptedModel(script))
    assert result.status == "budget_exhausted" and result.steps == 3 and "cost budget" in result.reason


def test_three_malformed_turns_in_a_row_end_the_run(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl",
        [
            turn(call("bash", '{"command": ')),  # broken JSON
            turn(bash("true")),  # a good call resets the count
            turn(call("teleport", {"to": "mars"})),  # unknown tool
            turn(content="I think I am done."),  # no tool call at all
            turn(call("bash", {"timeout": 3})),  # missing the required command
            turn(call("submit")),
        ],
    )
    model = ScriptedModel(script)
    result = run_agent(_plan(tmp_path), model)
    assert result.status == "error" and "3 malformed turns" in result.reason and result.steps == 5
    trajectory = load_trajectory(Path(result.trajectory))
    corrections = [m["content"] for m in trajectory.messages if m["role"] in ("tool", "user")][1:]
    assert any("not a JSON object" in c for c in corrections)
    assert any("unknown tool 'teleport'" in c for c in corrections)
    assert any("no tool was called" in c for c in corrections)


def test_condensation_keeps_requests_under_the_window(tmp_path: Path) -> None:
    big = "python -c \"print('x' * 6000)\""
    script = write_script(tmp_path / "s.jsonl", [*[turn(bash(big)) for _ in range(12)], turn(call("submit"))])
    model = ScriptedModel(script)
    model.context_window = 8_000  # tokens; 12 observations of ~6000 chars would need ~18k
    result = run_agent(_plan(tmp_path), model, loop_config=LoopConfig(context_fraction=0.75))
    assert result.status == "submitted"
    assert max(estimate_tokens(request) for request in model.requests) <= 6_000
    trajectory = load_trajectory(Path(result.trajectory))
    assert any(step.condensed for step in trajectory.steps)
    full = [m for m in trajectory.messages if m["role"] == "tool"]
    assert all(len(m["content"]) > 6000 for m in full[:12]), "the trajectory keeps the full observations"


def test_replay_reproduces_a_run_in_a_fresh_workspace(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl",
        [
            turn(call("editor", {"command": "create", "path": "a.py", "file_text": "print(1)\n"})),
            turn(bash("python a.py > out.txt")),
            turn(call("submit")),
        ],
    )
    first = run_agent(_plan(tmp_path / "one"), ScriptedModel(script))
    second = run_agent(_plan(tmp_path / "two"), ReplayModel(Path(first.trajectory)))
    assert second.status == "submitted" and second.steps == first.steps
    assert (Path(second.workspace) / "out.txt").read_text() == "1\n"


def test_model_running_out_is_an_error_with_a_readable_record(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("echo partial > note.txt"))])
    result = run_agent(_plan(tmp_path), ScriptedModel(script))
    assert result.status == "error" and "no turns left" in result.reason
    assert (Path(result.workspace) / "note.txt").exists()
    assert load_trajectory(Path(result.trajectory)).exit.status == "error"


def test_resumed_run_counts_the_wall_time_and_budgets_of_earlier_segments(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("sleep 2")), turn(bash("true")), turn(call("submit"))])
    first = run_agent(_plan(tmp_path, Budget(steps=1)), ScriptedModel(script))
    assert first.status == "budget_exhausted" and first.wall_s >= 2
    resumed_plan = _plan(tmp_path, Budget(wall_s=1.5)).model_copy(update={"resume": True})
    model = ScriptedModel(script)
    second = run_agent(resumed_plan, model)
    assert second.status == "budget_exhausted" and "wall-clock budget" in second.reason and model.position == 1
    assert second.wall_s >= first.wall_s and second.base_commit == first.base_commit
    third = run_agent(_plan(tmp_path).model_copy(update={"resume": True}), model := ScriptedModel(script))
    assert third.status == "submitted" and third.steps == 3
    assert model.requests[0][-1]["tool_call_id"] == "call_1_1", "the history goes on after step 1"
    trajectory = load_trajectory(Path(third.trajectory))
    assert [s.first_step for s in trajectory.segments] == [0, 1, 1]
    assert third.wall_s == pytest.approx(sum(s.wall_s for s in trajectory.segments), abs=0.01)


_TRUNCATED = '{"command": "echo repaired"'
_NOT_AN_OBJECT = "run ls please"


def _sent_arguments(request: list[dict], call_id: str) -> str:
    calls = [c for m in request for c in m.get("tool_calls") or [] if c["id"] == call_id]
    assert len(calls) == 1, f"{call_id} appears once in the request"
    return calls[0]["function"]["arguments"]


def test_malformed_arguments_at_step_two_are_sent_back_as_json_objects(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl",
        [
            turn(bash("true")),
            {"tool_calls": [{"id": "bad1", "name": "bash", "arguments": _TRUNCATED}]},
            {"tool_calls": [{"id": "bad2", "name": "bash", "arguments": _NOT_AN_OBJECT}]},
            turn(bash("true")),
            turn(call("submit", {"summary": "done"})),
        ],
    )
    model = ScriptedModel(script)
    result = run_agent(_plan(tmp_path), model)
    assert result.status == "submitted" and result.steps == 5

    trajectory = load_trajectory(Path(result.trajectory))
    recorded = {c["id"]: c["function"]["arguments"] for m in trajectory.messages for c in m.get("tool_calls") or []}
    assert recorded["bad1"] == _TRUNCATED and recorded["bad2"] == _NOT_AN_OBJECT, "the record keeps what was written"
    assert any("not a JSON object" in o.output for s in trajectory.steps[1:3] for o in s.observations)

    # requests 3..5 carry bad1, requests 4..5 bad2: every one of them as a parseable JSON object
    for request in model.requests[2:]:
        assert json.loads(_sent_arguments(request, "bad1")) == {"command": "echo repaired"}
    for request in model.requests[3:]:
        assert json.loads(_sent_arguments(request, "bad2")) == {}
    for request in model.requests:
        for message in request:
            for sent in message.get("tool_calls") or []:
                assert isinstance(json.loads(sent["function"]["arguments"]), dict)
