"""The failure judge through the model layer: cost, retries, credentials, its prompt from prompts/.

The model is litellm's own offline mock (`mock_response`): no provider is reached.
"""

from __future__ import annotations

from typing import Any

import jinja2
import pytest

from evals.classify.judge import TEMPLATE, Judge, JudgeError, JudgeUnavailable, render_prompt
from evals.classify.record import FailureRecord
from prompts.render import render
from tests.litellm_calls import record_completions

# litellm's own pydantic types warn about ReadOnly TypedDict items when first used; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Items? .*ReadOnly:UserWarning")

ANSWER = '{"category": "logic_error", "subcategory": "auth_misconfiguration", "rationale": "401 after login"}'
RECORD = FailureRecord.model_validate(
    {
        "requests": [{"name": "Current User", "method": "GET", "status": 401, "failed": 5}],
        "server_log": "booting\nPOST /api/users/login 200\nGET /api/user 401",
        "trajectory": [{"role": "assistant", "content": "Bearer tokens everywhere."}],
        "server_started": True,
        "total_requests": 32,
    }
)


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every request that reaches litellm.completion (which still answers with its mocks)."""
    return record_completions(monkeypatch)


def test_the_judge_adds_up_its_cost_over_records(requests: list[dict[str, Any]]) -> None:
    judge = Judge("gpt-4o-mini", extra={"mock_response": ANSWER})
    first = judge.classify(RECORD)
    one_call = judge.cost_usd
    second = judge.classify(RECORD)
    assert first == second and first.rule == "judge:gpt-4o-mini"
    assert one_call > 0 and judge.calls == 2 and judge.cost_usd == pytest.approx(2 * one_call)
    [request, _] = requests
    assert request["response_format"] == {"type": "json_object"} and request["temperature"] == 0.0
    assert request["messages"] == [{"role": "user", "content": render_prompt(RECORD)}]
    assert request["max_retries"] == 0  # the model layer retries, not the provider SDK underneath


def test_rate_limits_are_retried_by_the_model_layer(requests: list[dict[str, Any]]) -> None:
    # litellm's mock_response="litellm.RateLimitError" raises on every call.
    judge = Judge(
        "gpt-4o-mini", extra={"mock_response": "litellm.RateLimitError"}, max_retries=2, retry_wait_s=0.001,
        retry_wait_max_s=0.002,
    )  # fmt: skip
    with pytest.raises(JudgeError, match=r"^judge call to gpt-4o-mini failed: .*gave up after 3 attempts") as info:
        judge.classify(RECORD)
    assert "\n" not in str(info.value) and len(requests) == 3 and judge.calls == 0 and judge.cost_usd == 0


def test_credentials_are_checked_by_the_model_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(JudgeUnavailable, match=r"ANTHROPIC_API_KEY is not set \(needed by anthropic/claude"):
        Judge("anthropic/claude-sonnet-4-5")
    with pytest.raises(JudgeUnavailable, match="cannot tell which provider"):
        Judge("no-such-provider-model")


def test_the_prompt_is_rendered_by_the_strict_loader() -> None:
    prompt = render_prompt(RECORD)
    assert "## Failing requests (1 of 32)\nCurrent User GET → 401: 5 failed\n\nServer passed" in prompt
    assert "GET /api/user 401" in prompt and "[assistant]\nBearer tokens everywhere." in prompt
    with pytest.raises(jinja2.UndefinedError):
        render(TEMPLATE, task="a task without the rest")
