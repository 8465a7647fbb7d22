"""The scripted OpenAI-compatible server: real HTTP, through litellm as every scaffold calls it, and its CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from agent.models.base import ModelError
from agent.models.litellm_model import LitellmModel
from evals.fake_llm import FakeLLMServer, load_fake_script
from evals.fake_llm.script import ScriptError, parse_fake_script
from tests.agent_cli_runs import PROJECT, assert_one_line_error, cagent

SCRIPT = "\n".join(
    json.dumps(line)
    for line in (
        {"content": "Looking.", "tool_calls": [{"name": "bash", "arguments": {"command": "ls"}}],
         "prompt_tokens": 120, "completion_tokens": 7},
        {"content": "Done.", "tool_calls": [{"name": "submit", "arguments": {}}]},
    )
)  # fmt: skip
FAST = {"retry_wait_s": 0.001, "retry_wait_max_s": 0.004}


def _model(server: FakeLLMServer, retries: int = 0) -> LitellmModel:
    return LitellmModel("openai/fake-llm", api_base=server.base_url, api_key="sk-fake", max_retries=retries, **FAST)


def test_turns_follow_the_conversation_with_tool_calls_and_usage(tmp_path: Path) -> None:
    log = tmp_path / "requests.jsonl"
    with FakeLLMServer(parse_fake_script(SCRIPT), log=log) as server:
        model = _model(server)
        messages = [{"role": "user", "content": "build it"}]
        first = model.complete(messages, [])
        assert first.content == "Looking." and first.tool_calls[0].name == "bash"
        assert json.loads(first.tool_calls[0].arguments) == {"command": "ls"}
        assert (first.prompt_tokens, first.completion_tokens) == (120, 7)
        again = model.complete(messages, [])  # the same conversation asked again (a retry) gets the same turn
        assert again.content == "Looking."
        observation = {"role": "tool", "tool_call_id": first.tool_calls[0].id, "content": "x"}
        history = [*messages, first.as_message(), observation]
        second = model.complete(history, [])
        assert second.tool_calls[0].name == "submit" and second.prompt_tokens > 0  # estimated when not scripted
        with pytest.raises(ModelError, match="has no turn 3"):
            model.complete([*history, second.as_message()], [])
    logged = [json.loads(line) for line in log.read_text().splitlines()]
    assert [entry["turn"] for entry in logged] == [1, 1, 2, 3] and logged[-1]["served"] is False


def test_streaming_answers_carry_the_same_turn_and_usage() -> None:
    with FakeLLMServer(parse_fake_script(SCRIPT)) as server:
        body = {"model": "x", "stream": True, "messages": [{"role": "user", "content": "go"}]}
        response = httpx.post(f"{server.base_url}/chat/completions", json=body)
        events = [line.removeprefix("data: ") for line in response.text.splitlines() if line.startswith("data: ")]
        assert response.headers["content-type"] == "text/event-stream" and events[-1] == "[DONE]"
        chunks = [json.loads(event) for event in events[:-1]]
        assert chunks[0]["choices"][0]["delta"]["tool_calls"][0]["function"]["name"] == "bash"
        assert chunks[1]["choices"][0]["finish_reason"] == "tool_calls"
        assert chunks[2]["usage"] == {"prompt_tokens": 120, "completion_tokens": 7, "total_tokens": 127}
        models = httpx.get(f"{server.base_url}/models").json()
        assert models["data"][0]["id"] == "fake-llm"


def test_scripted_errors_reach_the_client_as_provider_errors() -> None:
    lines = [{"error": {"status": 429, "message": "slow down"}}, {"content": "fine now"}]
    script = parse_fake_script("\n".join(json.dumps(line) for line in lines))
    with FakeLLMServer(script, mode="sequential") as server:
        model = _model(server, retries=2)
        assert model.complete([{"role": "user", "content": "hi"}], []).content == "fine now"  # 429, retried
        assert model.retries == 1
    # In history mode the same conversation gets the same turn: a 429 every time, until the retries run out.
    with FakeLLMServer(parse_fake_script(json.dumps(lines[0]))) as server, pytest.raises(ModelError):
        _model(server, retries=1).complete([{"role": "user", "content": "hi"}], [])


def test_each_conversation_counts_its_own_turns(tmp_path: Path) -> None:
    lines = [
        {"content": "agent 1"},
        {"conversation": "You review", "content": "review 1"},
        {"content": "agent 2"},
        {"conversation": "You review", "content": "review 2"},
        {"conversation": "You review the plan", "content": "plan review 1"},
    ]
    script = parse_fake_script("\n".join(json.dumps(line) for line in lines))
    assert script.conversations() == ["You review", "You review the plan"]
    agent = [{"role": "system", "content": "You build backends."}, {"role": "user", "content": "go"}]
    reviewer = [{"role": "system", "content": [{"type": "text", "text": "You review a workspace."}]}]
    planner = [{"role": "system", "content": "You review the plan."}]
    log = tmp_path / "requests.jsonl"
    with FakeLLMServer(script, log=log) as server:
        model = _model(server)
        first = model.complete(agent, [])
        assert model.complete(reviewer, []).content == "review 1"  # the reviewer's first turn, not the agent's
        assert model.complete(planner, []).content == "plan review 1"  # the longest name that matches
        assert (
            model.complete([*agent, first.as_message(), {"role": "user", "content": "more"}], []).content == "agent 2"
        )
        second = model.complete([*reviewer, {"role": "assistant", "content": "x"}], [])
        assert (first.content, second.content) == ("agent 1", "review 2")
        with pytest.raises(ModelError, match="no turn 2 of conversation 'You review the plan'"):
            model.complete([*planner, {"role": "assistant", "content": "x"}], [])
    with FakeLLMServer(script, mode="sequential") as server:  # sequential: the next line of that conversation
        model = _model(server)
        assert [model.complete(m, []).content for m in (reviewer, agent, reviewer, agent)] == [
            "review 1", "agent 1", "review 2", "agent 2"]  # fmt: skip
    logged = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(e["conversation"], e["turn"]) for e in logged][:3] == [
        ("", 1),
        ("You review", 1),
        ("You review the plan", 1),
    ]
    with pytest.raises(ScriptError, match="conversation must be a string"):
        parse_fake_script('{"conversation": 3, "content": "x"}')


def test_bad_scripts_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match=r"script:2: .*name"):
        parse_fake_script('{"content": "ok"}\n{"tool_calls": [{"arguments": {}}]}')
    with pytest.raises(ScriptError, match="no turns"):
        parse_fake_script("# only a comment\n")
    with pytest.raises(ScriptError, match="cannot read"):
        load_fake_script(tmp_path / "missing.jsonl")


def test_the_command_serves_until_interrupted(tmp_path: Path) -> None:
    script = tmp_path / "s.jsonl"
    script.write_text(SCRIPT)
    process = subprocess.Popen(
        [sys.executable, "-m", "evals", "fake-llm", str(script), "--port", "0"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert "2 turns" in line, line + (process.stderr.read() if process.poll() is not None else "")
        base = line.split(" at ")[-1].strip()
        answer = httpx.post(f"{base}/chat/completions", json={"messages": []}, timeout=10).json()
        assert answer["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "bash"
    finally:
        process.send_signal(2)
        out, _ = process.communicate(timeout=30)
    assert process.returncode == 0 and "stopped after 1 requests" in out
    assert_one_line_error(cagent("fake-llm", str(tmp_path / "none.jsonl")), "cannot read")
