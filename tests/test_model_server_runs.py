"""`cagent` against an OpenAI-compatible server through litellm's real HTTP path, with a provider's habits:
rate limits with Retry-After, a history check that refuses malformed tool-call arguments (vLLM), a stated
window in /v1/models, and the demo scored after it was built that way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.budget import Budget
from agent.condense import estimate_tokens
from agent.models.litellm_model import LitellmModel
from agent.session import RunPlan, run_agent
from agent.trajectory import load_trajectory
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tests.agent_cli_runs import PROJECT, assert_one_line_error, cagent
from tests.agent_scripts import bash, call, turn
from tests.openai_script_server import ServerHabits, load_turns, openai_script_server
from tools.databases import open_provider

DEMO = PROJECT / "examples" / "conduit-flask-demo.yaml"
LOCAL = {"CAGENT_MITIGATIONS": "none", "OPENAI_API_KEY": None}


def _plan(tmp_path: Path, steps: int = 50) -> RunPlan:
    return RunPlan(
        workspace=tmp_path / "run" / "workspace", trajectory_path=tmp_path / "run" / "trajectory.json",
        result_path=tmp_path / "run" / "result.json", task_prompt="Do the steps, then submit.", language="python",
        task_info={"name": "server"}, budget=Budget(steps=steps), database="none",
    )  # fmt: skip


def _model(url: str) -> LitellmModel:
    return LitellmModel("openai/fake-coder", api_base=url, api_key="sk-local", retry_wait_s=0.01, retry_wait_max_s=0.05)


def test_the_demo_built_through_a_server_scores_full_marks_and_records_its_retries(tmp_path: Path) -> None:
    habits = ServerHabits(turns=load_turns(PROJECT / "examples" / "conduit-flask-demo.jsonl"), max_model_len=60_000)
    habits.rate_limit_before = {3: "1"}  # one 429 asking for a one-second wait, before the fourth turn
    with openai_script_server(habits) as url:
        done = cagent(
            "solve", str(DEMO), "--model", "openai/fake-coder", "--api-base", url, "--api-key", "sk-local",
            "--workdir", str(tmp_path / "demo"), "--quiet", env=LOCAL,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads((tmp_path / "demo" / "result.json").read_text())
    assert result["status"] == "submitted" and result["steps"] == 12
    assert result["retries"] == 1 and result["retry_wait_s"] == 1.0
    trajectory = load_trajectory(tmp_path / "demo" / "trajectory.json")
    retry = trajectory.steps[3].assistant.retries[0]
    assert (retry.status, retry.wait_s, retry.retry_after) == (429, 1.0, True) and "Rate limit" in retry.error
    assert [step.assistant.retries for step in trajectory.steps if step.index != 4] == [[]] * 11
    assert trajectory.configuration is not None and trajectory.configuration.model.context_window == 60_000
    assert [status for status, _ in habits.refused] == [429]
    # the request's tools carry the descriptions; the system prompt does not repeat them
    first = habits.requests[0]
    described = [tool["function"]["description"].splitlines()[0] for tool in first["tools"]]
    assert not any(line in first["messages"][0]["content"] for line in described)
    provider = open_provider("sqlite")
    try:
        scored = evaluate(Path(result["workspace"]), [load_suite("postman-v1")], provider, EvalOptions())
    finally:
        provider.close()
    assert (scored.passed, scored.total) == (311, 311)


def test_a_malformed_call_at_step_two_does_not_poison_a_strict_servers_history(tmp_path: Path) -> None:
    turns = [turn(bash("echo one")), turn(call("bash", '{"command": "echo two"')), turn(call("submit"))]
    habits = ServerHabits(turns=turns)
    with openai_script_server(habits) as url:
        result = run_agent(_plan(tmp_path), _model(url))
    assert result.status == "submitted" and result.steps == 3 and habits.refused == []
    trajectory = load_trajectory(Path(result.trajectory))
    kept = trajectory.messages[4]["tool_calls"][0]["function"]["arguments"]
    assert kept == '{"command": "echo two"', "the trajectory keeps what the model wrote"
    sent = habits.requests[2]["messages"][4]["tool_calls"][0]["function"]["arguments"]
    assert isinstance(json.loads(sent), dict)


def test_a_server_stating_its_window_gets_no_request_over_it(tmp_path: Path) -> None:
    flood = "head -c 11000 /dev/zero | tr '\\0' x"
    habits = ServerHabits(turns=[*(turn(bash(flood)) for _ in range(30)), turn(call("submit"))], max_model_len=25_000)
    with openai_script_server(habits) as url:
        model = _model(url)
        assert model.context_window == 25_000  # read from /v1/models (vLLM's max_model_len)
        result = run_agent(_plan(tmp_path), model)
    assert result.status == "submitted" and result.steps == 31 and habits.refused == []
    assert max(estimate_tokens(body["messages"]) for body in habits.requests) <= 25_000
    assert any(step.condensed for step in load_trajectory(Path(result.trajectory)).steps)


@pytest.mark.parametrize("value", ["0", "lots"])
def test_run_task_rejects_a_bad_context_window_in_one_line(tmp_path: Path, value: str) -> None:
    env = {
        "PROMPT": "build it",
        "LLM_MODEL": "openai/fake-coder",
        "LLM_API_KEY": "sk-x",
        "CAGENT_CONTEXT_WINDOW": value,
    }
    done = cagent("run-task", cwd=tmp_path, env=env)
    assert_one_line_error(done, "CAGENT_CONTEXT_WINDOW: must be a positive number of tokens")


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    from email.utils import formatdate

    import httpx

    from agent.models.retry_after import LONGEST_WAIT_S, retry_after_s

    class Refused(Exception):
        def __init__(self, headers: dict[str, str]) -> None:
            self.response = httpx.Response(429, headers=headers)

    assert retry_after_s(Refused({"Retry-After": "7"})) == 7.0
    assert retry_after_s(Refused({"retry-after-ms": "250"})) == 0.25
    assert 0.0 <= retry_after_s(Refused({"Retry-After": formatdate(usegmt=True)})) <= 1.0  # type: ignore[operator]
    assert retry_after_s(Refused({"Retry-After": "86400"})) == LONGEST_WAIT_S
    assert retry_after_s(Refused({})) is None and retry_after_s(Refused({"Retry-After": "soon"})) is None
