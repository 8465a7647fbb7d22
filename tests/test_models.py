"""Model clients: litellm through its offline mocks, the scripted and replay models, credentials, registry."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agent.models import litellm_model
from agent.models._litellm import litellm
from agent.models.base import (
    AssistantTurn,
    ContextWindowExceeded,
    ModelAuthError,
    ModelError,
    ModelExhausted,
    SkipsTurns,
    ToolCall,
)
from agent.models.credentials import PLACEHOLDER_KEY, MissingApiKey, UnknownProvider, check_credentials
from agent.models.litellm_model import LitellmModel
from agent.models.registry import make_model
from agent.models.replay import ReplayModel
from agent.models.scripted import ScriptedModel
from tests.litellm_calls import record_completions

# litellm's own pydantic types warn about ReadOnly TypedDict items when first used; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Items? .*ReadOnly:UserWarning")

KNOWN = "openai/gpt-4o-mini"
MESSAGES = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]
BASH = {"type": "function", "function": {"name": "bash", "description": "run", "parameters": {"type": "object"}}}
FAST = {"retry_wait_s": 0.001, "retry_wait_max_s": 0.004}


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Record every request that reaches litellm.completion (which still answers with its mocks)."""
    return record_completions(monkeypatch)


def fail_first(monkeypatch: pytest.MonkeyPatch, errors: list[Exception]) -> list[dict[str, Any]]:
    """litellm.completion raises `errors` one per call, then answers with the mock."""
    seen: list[dict[str, Any]] = []
    real = litellm.completion

    def flaky(**kwargs: Any) -> Any:
        seen.append(kwargs)
        if len(seen) <= len(errors):
            raise errors[len(seen) - 1]
        return real(**kwargs)

    monkeypatch.setattr(litellm, "completion", flaky)
    return seen


# -- litellm: answers ----------------------------------------------------------------------------------


def test_text_answer_with_tokens_cost_and_context_window(calls: list[dict[str, Any]]) -> None:
    model = LitellmModel(KNOWN, extra={"mock_response": "hello"})
    turn = model.complete(MESSAGES, [])
    assert turn.content == "hello" and turn.tool_calls == []
    assert (turn.prompt_tokens, turn.completion_tokens) == (10, 20)  # litellm's mock usage
    assert turn.cost_usd > 0 and turn.model == KNOWN
    assert model.context_window and model.context_window >= 100_000
    assert "tools" not in calls[0] and "tool_choice" not in calls[0]
    assert calls[0]["max_retries"] == 0 and calls[0]["temperature"] == 0.0


def test_tool_calls_are_parsed_and_tools_offered(calls: list[dict[str, Any]]) -> None:
    mocked = [
        {"id": "c1", "type": "function", "function": {"name": "bash", "arguments": '{"command": "ls"}'}},
        {"id": "c2", "type": "function", "function": {"name": "bash", "arguments": '{"command": '}},
    ]
    model = LitellmModel(KNOWN, max_tokens=64, extra={"mock_response": "", "mock_tool_calls": mocked})
    turn = model.complete(MESSAGES, [BASH])
    assert [(c.id, c.name, c.arguments) for c in turn.tool_calls] == [
        ("c1", "bash", '{"command": "ls"}'),
        ("c2", "bash", '{"command": '),  # malformed JSON is kept for the loop to answer
    ]
    assert calls[0]["tools"] == [BASH] and calls[0]["tool_choice"] == "auto" and calls[0]["max_tokens"] == 64
    assert turn.as_message()["tool_calls"][0]["function"]["name"] == "bash"


def test_gpt5_with_temperature_zero_is_accepted() -> None:
    # gpt-5 models reject temperature=0; the client drops unsupported parameters instead of failing.
    turn = LitellmModel("openai/gpt-5-mini", extra={"mock_response": "ok"}).complete(MESSAGES, [])
    assert turn.content == "ok"


def test_unknown_model_costs_zero_and_warns_once(
    calls: list[dict[str, Any]], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = LitellmModel("openai/qwen-local-test", api_base="http://127.0.0.1:9/v1", extra={"mock_response": "hi"})
    assert model.context_window is None
    with caplog.at_level(logging.WARNING, logger=litellm_model.__name__):
        turns = [model.complete(MESSAGES, []) for _ in range(3)]
    assert [t.cost_usd for t in turns] == [0.0, 0.0, 0.0]
    warnings = [r for r in caplog.records if "no price" in r.getMessage()]
    assert len(warnings) == 1 and "openai/qwen-local-test" in warnings[0].getMessage()
    # A keyless OpenAI-compatible server still gets some key: the OpenAI client refuses to run without one.
    assert calls[0]["api_base"] == "http://127.0.0.1:9/v1" and calls[0]["api_key"] == PLACEHOLDER_KEY


def test_context_window_can_be_given_for_local_models() -> None:
    assert LitellmModel("openai/qwen-local-test", context_window=32_768).context_window == 32_768


# -- litellm: errors and retries -----------------------------------------------------------------------


def rate_limit() -> Exception:
    return litellm.RateLimitError(message="slow down", llm_provider="openai", model="gpt-4o-mini")


def test_rate_limit_is_retried_with_exponential_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = fail_first(monkeypatch, [rate_limit(), rate_limit()])
    model = LitellmModel(KNOWN, max_retries=5, extra={"mock_response": "finally"}, **FAST)
    assert model.complete(MESSAGES, []).content == "finally"
    assert len(seen) == 3 and model.retries == 2 and model.calls == 1
    assert model.waits == pytest.approx([0.001, 0.002])


def test_transient_errors_of_every_kind_are_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    kw = {"llm_provider": "openai", "model": "gpt-4o-mini"}
    errors: list[Exception] = [
        litellm.Timeout(message="timed out", **kw),
        litellm.APIConnectionError(message="connection reset", **kw),
        litellm.InternalServerError(message="500", **kw),
        litellm.ServiceUnavailableError(message="503", **kw),
        litellm.BadGatewayError(message="502", **kw),
    ]
    seen = fail_first(monkeypatch, errors)
    model = LitellmModel(KNOWN, max_retries=5, extra={"mock_response": "up again"}, **FAST)
    assert model.complete(MESSAGES, []).content == "up again"
    assert len(seen) == 6 and model.retries == 5


def test_retries_are_capped_in_number_and_in_wait(calls: list[dict[str, Any]]) -> None:
    # litellm's own mock: mock_response="litellm.RateLimitError" raises on every call.
    model = LitellmModel(KNOWN, max_retries=4, extra={"mock_response": "litellm.RateLimitError"}, **FAST)
    with pytest.raises(ModelError, match=r"gave up after 5 attempts: .*RateLimitError") as info:
        model.complete(MESSAGES, [])
    assert "\n" not in str(info.value)
    assert len(calls) == 5 and model.retries == 4
    assert model.waits == pytest.approx([0.001, 0.002, 0.004, 0.004])  # doubling, then the cap


def test_mock_server_error_and_timeout_are_retried(calls: list[dict[str, Any]]) -> None:
    server = LitellmModel(KNOWN, max_retries=1, extra={"mock_response": "litellm.InternalServerError"}, **FAST)
    with pytest.raises(ModelError, match="gave up after 2 attempts"):
        server.complete(MESSAGES, [])
    slow = LitellmModel(KNOWN, max_retries=1, timeout_s=0.01, extra={"mock_timeout": True}, **FAST)
    with pytest.raises(ModelError, match=r"gave up after 2 attempts: .*[Tt]imeout"):
        slow.complete(MESSAGES, [])
    assert len(calls) == 4


def test_context_window_exceeded_is_not_retried(calls: list[dict[str, Any]]) -> None:
    model = LitellmModel(KNOWN, extra={"mock_response": "litellm.ContextWindowExceededError"}, **FAST)
    with pytest.raises(ContextWindowExceeded, match="context window exceeded"):
        model.complete(MESSAGES, [])
    assert len(calls) == 1 and model.retries == 0


def test_authentication_error_is_not_retried(calls: list[dict[str, Any]]) -> None:
    bad_key = litellm.AuthenticationError(message="invalid api key", llm_provider="openai", model="gpt-4o-mini")
    model = LitellmModel(KNOWN, extra={"mock_response": bad_key}, **FAST)
    with pytest.raises(ModelAuthError, match=r"authentication failed: .*invalid api key"):
        model.complete(MESSAGES, [])
    assert len(calls) == 1 and model.retries == 0


def test_other_client_errors_are_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    bad = litellm.BadRequestError(message="unknown parameter", llm_provider="openai", model="gpt-4o-mini")
    seen = fail_first(monkeypatch, [bad])
    with pytest.raises(ModelError, match="unknown parameter"):
        LitellmModel(KNOWN, extra={"mock_response": "x"}, **FAST).complete(MESSAGES, [])
    assert len(seen) == 1


# -- credentials ---------------------------------------------------------------------------------------


@pytest.fixture
def no_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.endswith(("_API_KEY", "_AUTH_TOKEN")) or name.startswith(("AWS_", "OLLAMA_")):
            monkeypatch.delenv(name)


@pytest.mark.usefixtures("no_keys")
def test_missing_key_is_one_line_naming_the_variable() -> None:
    with pytest.raises(MissingApiKey) as info:
        check_credentials("openai/gpt-5-mini", None)
    assert str(info.value) == "OPENAI_API_KEY is not set (needed by openai/gpt-5-mini)"
    assert isinstance(info.value, ModelAuthError)
    with pytest.raises(MissingApiKey, match=r"^ANTHROPIC_API_KEY is not set \(needed by anthropic/claude"):
        check_credentials("anthropic/claude-sonnet-4-5", None)
    with pytest.raises(MissingApiKey, match=r"^OPENROUTER_API_KEY is not set"):
        check_credentials("openrouter/qwen/qwen3-coder", None)
    with pytest.raises(MissingApiKey, match=r"^AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set"):
        check_credentials("bedrock/anthropic.claude-3-haiku-20240307-v1:0", None)
    with pytest.raises(MissingApiKey, match=r"^GEMINI_API_KEY \(or GOOGLE_API_KEY\) is not set"):
        check_credentials("gemini/gemini-2.5-pro", None)


@pytest.mark.usefixtures("no_keys")
def test_keys_from_environment_argument_or_local_servers_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    check_credentials("openai/gpt-5-mini", None, api_key="sk-given")
    check_credentials("openai/Qwen2.5-Coder", "http://localhost:8000/v1")  # vLLM: no key needed
    check_credentials("ollama_chat/qwen2.5-coder", None)
    check_credentials("hosted_vllm/Qwen2.5-Coder", "http://localhost:8000/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    check_credentials("openai/gpt-5-mini", None)


def test_unknown_provider_is_one_line() -> None:
    with pytest.raises(UnknownProvider, match=r"^cannot tell which provider serves model 'frobnicator-9'; "):
        check_credentials("frobnicator-9", None)


# -- scripted and replay models ------------------------------------------------------------------------


def write_script(path: Path, *lines: dict[str, Any] | str) -> Path:
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def test_scripted_model_replays_turns_in_order(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl",
        "# a comment, then a blank line",
        "",
        {"content": "look", "tool_calls": [{"name": "bash", "arguments": {"command": "ls"}}], "prompt_tokens": 7},
        {"tool_calls": [{"id": "mine", "name": "bash", "arguments": '{"command": '}, {"name": "submit"}]},
        {"content": "bye", "cost_usd": 0.25, "completion_tokens": 3},
    )
    model = ScriptedModel(script)
    first = model.complete(MESSAGES, [BASH])
    assert first.content == "look" and first.prompt_tokens == 7 and first.model == f"scripted:{script}"
    assert first.tool_calls == [ToolCall(id="call_1_1", name="bash", arguments='{"command": "ls"}')]
    second = model.complete(MESSAGES, [BASH])
    assert [(c.id, c.name, c.arguments) for c in second.tool_calls] == [
        ("mine", "bash", '{"command": '),
        ("call_2_2", "submit", "{}"),
    ]
    third = model.complete(MESSAGES, [])
    assert (third.content, third.cost_usd, third.completion_tokens, third.tool_calls) == ("bye", 0.25, 3, [])
    assert model.remaining == 0 and len(model.requests) == 3
    with pytest.raises(ModelExhausted, match="no scripted turns left after 3"):
        model.complete(MESSAGES, [])
    assert ScriptedModel(script).complete([], []) == first  # deterministic ids, run after run


def test_scripted_model_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"s\.jsonl:2: "):
        ScriptedModel(write_script(tmp_path / "s.jsonl", {"content": "ok"}, "{not json"))
    with pytest.raises(ModelError, match=r"b\.jsonl:1: tool call 1 needs a string 'name'"):
        ScriptedModel(write_script(tmp_path / "b.jsonl", {"tool_calls": [{"arguments": {}}]}))
    with pytest.raises(ModelError, match="cannot read script"):
        ScriptedModel(tmp_path / "missing.jsonl")


def turns() -> list[AssistantTurn]:
    return [
        AssistantTurn(content="a", tool_calls=[ToolCall(id="x1", name="bash", arguments="{}")], cost_usd=0.5),
        AssistantTurn(content="b", prompt_tokens=9, model="openai/gpt-5-mini"),
    ]


def test_replay_model_reads_trajectory_steps(tmp_path: Path) -> None:
    steps = [{"assistant": t.model_dump(), "observations": []} for t in turns()]
    steps.insert(1, {"note": "a step without a model turn"})
    path = tmp_path / "trajectory.json"
    path.write_text(json.dumps({"messages": [], "steps": steps, "info": {}}))
    model = ReplayModel(path)
    assert [model.complete(MESSAGES, []) for _ in range(2)] == turns()
    with pytest.raises(ModelExhausted):
        model.complete(MESSAGES, [])


def test_replay_model_reads_a_plain_list_and_rejects_other_shapes(tmp_path: Path) -> None:
    path = tmp_path / "turns.json"
    path.write_text(json.dumps([t.model_dump() for t in turns()]))
    assert ReplayModel(path).turns == turns()
    path.write_text(json.dumps({"something": "else"}))
    with pytest.raises(ModelError, match="expected"):
        ReplayModel(path)
    path.write_text("[{")
    with pytest.raises(ModelError, match="not valid JSON"):
        ReplayModel(path)


def test_fixed_turn_models_skip_the_turns_a_resumed_run_holds(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", *({"tool_calls": [{"name": "bash"}]} for _ in range(3)))
    scripted = ScriptedModel(script)
    scripted.skip_turns(2)
    assert scripted.complete(MESSAGES, []).tool_calls[0].id == "call_3_1", "ids stay those of an unbroken run"
    path = tmp_path / "trajectory.json"
    path.write_text(json.dumps([t.model_dump() for t in turns()]))
    replayed = ReplayModel(path)
    replayed.skip_turns(5)  # more than it holds: nothing left, as a run that already used them all
    with pytest.raises(ModelExhausted):
        replayed.complete(MESSAGES, [])
    assert isinstance(scripted, SkipsTurns) and isinstance(replayed, SkipsTurns)
    assert not isinstance(LitellmModel(KNOWN), SkipsTurns), "a real model is shown the history instead"


# -- registry ------------------------------------------------------------------------------------------


def test_registry_prefixes_dotted_paths_and_litellm(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", {"content": "hi"})
    trajectory = tmp_path / "t.json"
    trajectory.write_text(json.dumps([t.model_dump() for t in turns()]))
    scripted = make_model(f"scripted:{script}", temperature=0.0, api_base="http://ignored")  # options dropped
    assert isinstance(scripted, ScriptedModel) and scripted.complete([], []).content == "hi"
    assert isinstance(make_model(f"replay:{trajectory}"), ReplayModel)
    dotted = make_model(f"agent.models.scripted.ScriptedModel:{script}")
    assert isinstance(dotted, ScriptedModel)
    real = make_model("openai/gpt-5-mini", api_base="http://localhost:8000/v1", max_tokens=99, **FAST)
    assert isinstance(real, LitellmModel) and real.api_base == "http://localhost:8000/v1" and real.max_tokens == 99
    assert make_model("litellm:ollama/qwen2.5-coder:7b").name == "ollama/qwen2.5-coder:7b"
    assert make_model("bedrock/anthropic.claude-3-haiku-20240307-v1:0").name.startswith("bedrock/")


def test_registry_errors() -> None:
    with pytest.raises(ModelError, match="empty model name"):
        make_model("  ")
    with pytest.raises(ModelError, match="needs a file or model name after 'scripted:'"):
        make_model("scripted:")
    with pytest.raises(ModelError, match=r"cannot import model class nowhere\.Model"):
        make_model("nowhere.Model")


# -- litellm: import-time settings ---------------------------------------------------------------------

_SETS_COST_MAP = re.compile(r"""environ(\.setdefault\(|\[)["']LITELLM_LOCAL_MODEL_COST_MAP""")


def test_litellm_settings_are_made_in_one_module() -> None:
    """Every path to litellm goes through agent.models._litellm, so only it sets the price-table variable."""
    project = Path(__file__).resolve().parent.parent
    listed = subprocess.run(["git", "ls-files", "*.py"], cwd=project, capture_output=True, text=True, check=True)
    setters = [name for name in listed.stdout.split() if _SETS_COST_MAP.search((project / name).read_text())]
    assert setters == ["agent/models/_litellm.py"]
    env = {k: v for k, v in os.environ.items() if k != "LITELLM_LOCAL_MODEL_COST_MAP"}
    code = (
        "import os; from agent.models.credentials import provider_of; "
        "print(provider_of('gpt-4o-mini'), os.environ.get('LITELLM_LOCAL_MODEL_COST_MAP'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["openai", "True"]
