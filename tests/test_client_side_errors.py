"""Errors litellm raises before sending anything end the call at once, in one line; network errors still retry."""

from __future__ import annotations

import socket

import pytest

from agent.models.base import ModelError
from agent.models.litellm_model import LitellmModel
from tests.litellm_calls import record_completions

FAST = {"retry_wait_s": 0.001, "retry_wait_max_s": 0.004}
# A history whose past tool call carries arguments that are not JSON: litellm's Ollama path parses them.
POISONED = [
    {"role": "user", "content": "list the files"},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "bash", "arguments": '{"command": '}}],
    },
    {"role": "tool", "tool_call_id": "c1", "content": "arguments of bash are not a JSON object"},
]


def _closed_port() -> str:
    """An address nothing listens on, so any request that did leave would be refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


@pytest.mark.parametrize("provider", ["ollama", "ollama_chat"])
def test_history_litellm_cannot_serialise_is_permanent_and_one_line(
    provider: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = record_completions(monkeypatch)
    model = LitellmModel(f"{provider}/coder", api_base=_closed_port(), max_retries=5, **FAST)
    with pytest.raises(ModelError) as caught:
        model.complete(POISONED, [])
    assert len(calls) == 1 and model.retries == 0, "a request that cannot be built is not retried"
    reason = str(caught.value)
    assert "\n" not in reason and "Traceback" not in reason and "File " not in reason
    assert reason.startswith(f"{provider}/coder: the request could not be prepared")
    assert "JSONDecodeError" in reason


def test_refused_connection_is_still_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = record_completions(monkeypatch)
    model = LitellmModel("ollama_chat/coder", api_base=_closed_port(), max_retries=2, timeout_s=10, **FAST)
    with pytest.raises(ModelError, match="gave up after 3 attempts"):
        model.complete([{"role": "user", "content": "hi"}], [])
    assert len(calls) == 3 and model.retries == 2
