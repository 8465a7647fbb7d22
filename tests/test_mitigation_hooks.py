"""The loop's side of the mitigations: observers attach text to observations, gates hold `submit` back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.budget import Budget
from agent.loop import AgentLoop
from agent.mitigation_options import choose_mitigations, from_environment
from agent.mitigations import Attachment, Contribution, GateVerdict, Prepared
from agent.models.scripted import ScriptedModel
from agent.spec import Mitigations
from agent.trajectory import Trajectory, TrajectoryRecorder, load_trajectory
from prompts.render import condensed_note, malformed_note
from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.agent_scripts import call, turn, write_script
from tools.agent_tools.submit import SubmitTool
from tools.base import ToolResult


class EchoTool:
    name = "echo"
    description = "print the text"

    def parameters(self) -> dict[str, Any]:
        return {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        return ToolResult(output=arguments["text"])


def _loop(tmp_path: Path, turns: list[dict[str, Any]], **hooks: Any) -> tuple[AgentLoop, Path]:
    path = tmp_path / "trajectory.json"
    recorder = TrajectoryRecorder(path, Trajectory(run_id="t", model="scripted", messages=[]))
    model = ScriptedModel(write_script(tmp_path / "script.jsonl", turns))
    loop = AgentLoop(
        model, [EchoTool(), SubmitTool()], recorder, Budget(steps=20), malformed_note=malformed_note,
        condensed_note=condensed_note, **hooks,
    )  # fmt: skip
    return loop, path


def _signature_observer(tool: str, arguments: dict[str, Any] | str, output: str) -> Attachment | None:
    if "FST_ERR_CTP_EMPTY_JSON_BODY" in output:
        return Attachment(source="fastify-empty-body", reason="FST_ERR_CTP_EMPTY_JSON_BODY", text="CARD: parse empty")
    return None


def test_an_observer_attaches_once_and_the_trajectory_says_why(tmp_path: Path) -> None:
    error = "400 FST_ERR_CTP_EMPTY_JSON_BODY Body cannot be empty"
    turns = [turn(call("echo", {"text": error})), turn(call("echo", {"text": error})), turn(call("submit"))]
    loop, path = _loop(tmp_path, turns, observers=[_signature_observer])
    assert loop.run().status == "submitted"
    first, second = (step.observations[0] for step in load_trajectory(path).steps[:2])
    assert first.output.endswith("CARD: parse empty") and first.attachments[0].source == "fastify-empty-body"
    assert second.attachments == [] and "CARD" not in second.output  # once per run
    sent = [m["content"] for m in load_trajectory(path).messages if m.get("role") == "tool"]
    assert "CARD: parse empty" in sent[0] and "CARD" not in sent[1]


def test_a_failing_gate_keeps_the_run_going_until_it_passes(tmp_path: Path) -> None:
    verdicts = iter(
        [GateVerdict(passed=False, report="routes/articles.py:3 imports a repository"), GateVerdict(passed=True)]
    )
    turns = [turn(call("submit", {"summary": "done"})), turn(call("echo", {"text": "fixed"})), turn(call("submit"))]
    loop, path = _loop(tmp_path, turns, submit_gates=[lambda summary: next(verdicts)])
    outcome = loop.run()
    assert outcome.status == "submitted" and outcome.steps == 3
    steps = load_trajectory(path).steps
    rejected = steps[0].observations[0]
    assert rejected.is_error and "imports a repository" in rejected.output
    assert rejected.verification is not None and not rejected.verification.passed
    assert steps[2].observations[0].verification is not None and steps[2].observations[0].verification.passed


def test_the_run_ends_unverified_after_the_last_failed_round(tmp_path: Path) -> None:
    turns = [turn(call("submit", {"summary": f"try {n}"})) for n in range(3)]
    gate = lambda summary: GateVerdict(passed=False, report="the server does not start")  # noqa: E731
    loop, path = _loop(tmp_path, turns, submit_gates=[gate], gate_rounds=2)
    outcome = loop.run()
    assert outcome.status == "submitted_unverified" and outcome.steps == 2
    assert "still failing after 2 verification rounds" in load_trajectory(path).steps[1].observations[0].output


def test_a_gate_that_breaks_ends_the_run_unverified_and_says_why(tmp_path: Path) -> None:
    def broken(summary: str) -> GateVerdict:
        raise RuntimeError("no port free")

    loop, path = _loop(tmp_path, [turn(call("submit"))], submit_gates=[broken])
    assert loop.run().status == "submitted_unverified"
    assert "the verifier failed: RuntimeError: no port free" in load_trajectory(path).steps[0].observations[0].output


def test_contributions_add_up_in_order() -> None:
    prepared = Prepared()
    prepared.add("plan", Contribution(prompt_sections=["## Plan\n- one"], record={"operations": 19}))
    prepared.add("retrieval", Contribution(prompt_sections=["", "## Conventions"], tools=[EchoTool()]))
    assert prepared.task_prompt("Build it.") == "Build it.\n\n## Plan\n- one\n\n## Conventions\n"
    assert prepared.ran == ["plan", "retrieval"] and prepared.records["plan"] == {"operations": 19}
    assert [tool.name for tool in prepared.tools] == ["echo"]


def test_switches_come_from_the_spec_then_the_environment_then_the_flags(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAGENT_MITIGATIONS", raising=False)
    assert choose_mitigations(Mitigations(), switched_off={"verifier": True}) == Mitigations(verifier=False)
    monkeypatch.setenv("CAGENT_MITIGATIONS", "plan, Retrieval")
    chosen = choose_mitigations(Mitigations.off(), switched_off={"plan": True})
    assert chosen == Mitigations(plan=False, retrieval=True, schema=False, verifier=False)
    assert from_environment(Mitigations(), {"CAGENT_MITIGATIONS": "none"}) == Mitigations.off()


def test_an_unknown_mitigation_in_the_environment_is_one_line_and_exit_2(tmp_path: Path) -> None:
    spec, workdir = "examples/conduit-flask-demo.yaml", str(tmp_path / "run")
    done = cagent("solve", spec, "--workdir", workdir, env={"CAGENT_MITIGATIONS": "plan,telepathy"})
    assert_one_line_error(done, "unknown mitigation 'telepathy'")
