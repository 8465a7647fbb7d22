"""Optional LLM judge: the same record rendered into a prompt, a JSON answer checked with pydantic.

Used only on request (`cagent classify --judge MODEL`); the deterministic classifier stays the
default. The inputs mirror the published judge's: failing requests, constraint checks, the last 30
log lines and the last 20 trajectory turns (3,000 characters each). The model is called through the
agent's model layer (agent.models): the same credentials check, retries with backoff and cost as a run.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from agent.models import Model, ModelError, make_model
from evals.classify.record import FailureRecord
from evals.taxonomy import Category, Classification, Subcategory
from prompts.render import render

LOG_LINES = 30
TURNS = 20
TURN_CHARS = 3000
TEMPLATE = "judge_failure.md.j2"


class JudgeUnavailable(RuntimeError):
    """The model cannot be called (missing key...); the message is one line naming the fix."""


class JudgeError(RuntimeError):
    """The model answered something that is not a valid classification."""


class JudgeAnswer(BaseModel):
    category: Category
    subcategory: Subcategory | None = None
    confidence: float = Field(default=0.7, ge=0.0, le=1.0)
    rationale: str = ""
    evidence: list[str] = Field(default_factory=list)


def prompt_context(record: FailureRecord) -> dict[str, Any]:
    """The variables of the judge's template for `record`."""
    failing = [
        f"{r.name} {r.method} → {r.status if r.status is not None else 'no response'}: {r.failed} failed"
        + (f" ({'; '.join(r.messages[:2])})" if r.messages else "")
        for r in record.requests
        if r.failed or (r.error and r.status is None)
    ]
    compliance = [
        f"{v.kind}: {'compliant' if v.compliant else 'VIOLATED ' + '; '.join(v.violations[:3])}"
        for v in record.compliance
    ]
    turns = [t.model_copy(update={"content": t.content[:TURN_CHARS]}) for t in record.trajectory[-TURNS:]]
    task = record.task.description or ", ".join(filter(None, [record.task.framework, *record.task.constraints]))
    return {
        "task": task or record.task.name or "(unknown)",
        "failing": failing,
        "total": record.total_requests,
        "server_started": record.server_started,
        "exit_status": record.exit_status,
        "compliance": compliance,
        "log": record.server_log.splitlines()[-LOG_LINES:],
        "turns": turns,
    }


def render_prompt(record: FailureRecord) -> str:
    return render(TEMPLATE, **prompt_context(record))


def check_access(model: str) -> None:
    """JudgeUnavailable naming the missing variable when the provider needs a key that is not set."""
    from agent.models.credentials import check_credentials  # imports litellm: only when a judge is asked

    try:
        check_credentials(model, None)
    except ModelError as exc:
        raise JudgeUnavailable(f"judge model: {exc}") from None


class Judge:
    """One judge model for many records; `cost_usd` and `calls` add up what it was paid for.

    `extra` goes to the completion request (e.g. `mock_response` in tests), `settings` to the model
    (`max_retries`, `timeout_s`...). A mocked completion reaches no provider, so it needs no key; any
    other model has its credentials checked first.
    """

    def __init__(self, model: str, *, extra: dict[str, Any] | None = None, **settings: Any) -> None:
        options = dict(extra or {})
        if "mock_response" not in options:
            check_access(model)
        self.name = model
        try:
            request = {"response_format": {"type": "json_object"}, **options}
            self.model: Model = make_model(model, extra=request, **settings)
        except ModelError as exc:
            raise JudgeUnavailable(f"judge model: {exc}") from None
        self.cost_usd = 0.0
        self.calls = 0

    def classify(self, record: FailureRecord) -> Classification:
        messages = [{"role": "user", "content": render_prompt(record)}]
        try:
            turn = self.model.complete(messages, [])
        except ModelError as exc:  # after the model layer's retries
            raise JudgeError(f"judge call to {self.name} failed: {exc}") from None
        self.calls += 1
        self.cost_usd += turn.cost_usd
        return parse_answer(turn.content or "", self.name)


def judge(record: FailureRecord, model: str, *, extra: dict[str, Any] | None = None) -> Classification:
    """Ask `model` to classify `record` (see Judge; use one Judge to classify many records)."""
    return Judge(model, extra=extra).classify(record)


def parse_answer(content: str, model: str) -> Classification:
    try:
        answer = JudgeAnswer.model_validate(json.loads(_strip_fences(content)))
    except (json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise JudgeError(f"judge answer from {model} is not a valid classification: {first}") from None
    evidence = [answer.rationale, *answer.evidence] if answer.rationale else answer.evidence
    return Classification(
        category=answer.category,
        subcategory=answer.subcategory if answer.category == "logic_error" else None,
        confidence=answer.confidence,
        rule=f"judge:{model}",
        evidence=[e for e in evidence if e],
    )


def _strip_fences(content: str) -> str:
    text = content.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text
