"""Optional LLM judge: the same record rendered into a prompt, a JSON answer checked with pydantic.

Used only on request (`cagent classify --judge MODEL`); the deterministic classifier stays the
default. The inputs mirror the published judge's: failing requests, constraint checks, the last 30
log lines and the last 20 trajectory turns (3,000 characters each).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jinja2 import Template
from pydantic import BaseModel, Field, ValidationError

from evals.classify.record import Category, FailureRecord, Subcategory
from evals.classify.verdict import Classification

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no price-table download on import

LOG_LINES = 30
TURNS = 20
TURN_CHARS = 3000
_TEMPLATE = Path(__file__).with_name("judge_prompt.j2")


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


def render_prompt(record: FailureRecord) -> str:
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
    return Template(_TEMPLATE.read_text(encoding="utf-8")).render(
        task=task or record.task.name or "(unknown)",
        failing=failing,
        total=record.total_requests,
        server_started=record.server_started,
        exit_status=record.exit_status,
        compliance=compliance,
        log=record.server_log.splitlines()[-LOG_LINES:],
        turns=turns,
    )


def check_access(model: str) -> None:
    """JudgeUnavailable naming the missing variable when the provider needs a key that is not set."""
    import litellm

    try:
        missing = litellm.validate_environment(model=model).get("missing_keys") or []
    except Exception as exc:  # litellm raises various errors for names it cannot place
        raise JudgeUnavailable(f"cannot use model {model!r}: {str(exc).splitlines()[0]}") from None
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        raise JudgeUnavailable(f"{' and '.join(missing)} {verb} not set (needed by judge model {model})")


def judge(record: FailureRecord, model: str, *, extra: dict[str, Any] | None = None) -> Classification:
    """Ask `model` to classify `record`. `extra` goes to litellm.completion (e.g. `mock_response` in tests).

    A mocked completion reaches no provider, so it needs no key; any other call checks the key first.
    """
    import litellm

    options = dict(extra or {})
    if "mock_response" not in options:
        check_access(model)
    messages = [{"role": "user", "content": render_prompt(record)}]
    try:
        response = litellm.completion(
            model=model, messages=messages, response_format={"type": "json_object"}, temperature=0, **options
        )
    except Exception as exc:  # provider errors arrive as many litellm exception types
        raise JudgeError(
            f"judge call to {model} failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
        ) from None
    return parse_answer(response.choices[0].message.content or "", model)


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
