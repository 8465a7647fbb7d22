"""The planner's model calls: structured output (a pydantic schema) for extraction and plan refinement.

litellm models are asked with `response_format` set to the schema, through the run's own client (its
retries, error mapping and cost); any other model (scripted, replayed, a class path) answers in its
content, read as JSON. The planners take callables (`Resolver`, `Refiner`): `PlannerCalls` makes them,
and adds up what they cost.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any, TypeVar

from json_repair import repair_json
from pydantic import BaseModel, ValidationError

from agent.models.base import Message, Model, ModelError, SkipsTurns
from agent.models.registry import make_model
from planners.extraction import ConstraintAnswer, ExtractionError, ExtractionQuestion
from planners.extraction.decide import CHOICES
from planners.planning import PlanDraft, PlannerUnavailable, RefineRequest, as_draft
from prompts.render import render

Schema = TypeVar("Schema", bound=BaseModel)
_FENCED = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


class PlannerAnswerError(ModelError):
    """The model's answer is not an object of the schema. The message is one line."""


def _parsed(text: str, schema: type[Schema]) -> Schema:
    fenced = _FENCED.search(text)
    body = (fenced.group(1) if fenced else text).strip()
    try:
        data: Any = json.loads(body)
    except ValueError:
        data = json.loads(repair_json(body) or "null")
    try:
        return schema.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or schema.__name__
        raise PlannerAnswerError(f"the answer is not a {schema.__name__}: {where}: {first['msg']}") from None


def structured_call(model: Model, messages: list[Message], schema: type[Schema]) -> tuple[Schema, float]:
    """The model's answer as `schema`, and its cost."""
    asked = model
    if type(model).__module__ == "agent.models.litellm_model":  # keep litellm unloaded for offline models
        asked = copy.copy(model)
        asked.extra = {**model.extra, "response_format": schema}  # type: ignore[attr-defined]
    turn = asked.complete(messages, [])
    text = turn.content or (turn.tool_calls[0].arguments if turn.tool_calls else "")
    if not text.strip():
        raise PlannerAnswerError(f"{model.name}: the answer is empty")
    return _parsed(text, schema), turn.cost_usd


def planner_by_name(name: str, **options: Any) -> Model:
    """The model `name` (`--planner-model`), its credentials checked first."""
    if not name.startswith(("scripted:", "replay:")):
        from agent.models.credentials import check_credentials  # imports litellm: only for a real model

        check_credentials(name, options.get("api_base"), options.get("api_key"))
    return make_model(name, **options)


def choose_planner(run_model: Model, name: str | None, **options: Any) -> Model | None:
    """`--planner-model` when given, else the run's model; never a scripted or replayed run model, whose
    turns are the agent's."""
    if name:
        return planner_by_name(name, **options)
    return None if isinstance(run_model, SkipsTurns) else run_model


class PlannerCalls:
    """The resolver and refiner of one planner model, with the calls made and their cost."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.calls = 0
        self.cost_usd = 0.0

    def _ask(self, prompt: str, schema: type[Schema]) -> Schema:
        self.calls += 1
        answer, cost = structured_call(self.model, [{"role": "user", "content": prompt}], schema)
        self.cost_usd += cost
        return answer

    def resolve(self, question: ExtractionQuestion) -> ConstraintAnswer:
        prompt = render(
            "plan_extraction.md.j2", task=question.task, conflicts=[c.model_dump() for c in question.conflicts],
            settled={k: v.model_dump() for k, v in question.settled.items()},
            choices={k: list(v) for k, v in CHOICES.items() if k != "language"}, problem=question.problem,
        )  # fmt: skip
        try:
            return self._ask(prompt, ConstraintAnswer)
        except ModelError as exc:
            raise ExtractionError(f"the planner model could not decide: {exc}") from None

    def refine(self, request: RefineRequest) -> PlanDraft:
        plan = request.plan
        prompt = render(
            "plan_refine.md.j2", constraints=plan.as_json()["constraints"],
            obligations=[{"id": o.id, "text": o.text} for o in plan.obligations.items],
            layers=[rule.model_dump() for rule in plan.obligations.layers],
            draft=as_draft(plan).model_dump_json(indent=1), rejected=request.rejected,
        )  # fmt: skip
        try:
            return self._ask(prompt, PlanDraft)
        except ModelError as exc:
            raise PlannerUnavailable(str(exc)) from None

    def record(self) -> dict[str, Any]:
        return {"planner": self.model.name, "calls": self.calls, "cost_usd": round(self.cost_usd, 6)}
