"""Mitigation 1, constraint-first planning: constraints extracted, obligations and operations planned first.

For a free-text task the constraints are extracted from the prompt (a planner model settles what the
rules leave open; without one an ambiguous prompt is one line, exit 2) and set on the context. The plan
is saved as WORKDIR/plan.json, shared with the later mitigations (`shared["plan"]`) and appended to the
task prompt as a checklist. A planner model (`--planner-model`, else a real run model) refines it.
"""

from __future__ import annotations

import json
from typing import Any

from agent.mitigations.base import Contribution, MitigationContext, MitigationInputError
from agent.models.base import ModelError
from agent.planning_model import PlannerCalls, choose_planner
from planners.constraints.model import ConstraintError, ConstraintSet
from planners.extraction import AmbiguousTask, Extraction, ExtractionError, extract, spec_extraction
from planners.planning import ConstraintPlan, checklist, contract_in_text, make_plan, save_plan

PLAN_FILE = "plan.json"


def _planner(context: MitigationContext) -> PlannerCalls | None:
    try:
        model = choose_planner(context.model, context.options.get("planner_model"))
    except ModelError as exc:
        raise MitigationInputError(f"--planner-model: {exc}") from None
    return PlannerCalls(model) if model is not None else None


class _NothingToPlan(Exception):
    """The task names no framework and no model can choose one: the run goes on unplanned."""


def _extraction(context: MitigationContext, calls: PlannerCalls | None) -> Extraction:
    if context.constraints is not None:
        return spec_extraction(context.constraints)
    try:
        return extract(
            context.task_prompt, framework=context.options.get("framework"),
            resolve=calls.resolve if calls else None, planner=calls.model.name if calls else None,
        )  # fmt: skip
    except AmbiguousTask as exc:
        # A task that names no stack at all is not ambiguous, only unplanned; asking for two databases is.
        if _names_no_stack(exc):
            raise _NothingToPlan(exc.conflicts[0].reason) from None
        raise MitigationInputError(f"{exc} (no planner model to decide: pass --planner-model)") from None
    except ExtractionError as exc:  # a value outside the catalog, or a planner answer that never held
        if calls is not None and _names_no_stack_in(context):
            # the planner was only asked to choose a framework the task leaves open, and could not
            raise _NothingToPlan(f"the planner model chose no framework ({exc})") from None
        raise MitigationInputError(str(exc)) from None


def _names_no_stack(exc: AmbiguousTask) -> bool:
    return all(c.field == "framework" and not c.candidates for c in exc.conflicts)


def _names_no_stack_in(context: MitigationContext) -> bool:
    try:
        extract(context.task_prompt, framework=context.options.get("framework"))
    except AmbiguousTask as exc:
        return _names_no_stack(exc)
    except ExtractionError:
        return False
    return False


def _resumed(context: MitigationContext) -> Contribution:
    """A resumed run keeps the plan it was given (its prompt already holds the checklist)."""
    path = context.workdir / PLAN_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        constraints = ConstraintSet(**document["constraints"])
    except (OSError, ValueError, KeyError, TypeError, ConstraintError):
        return Contribution(record={"resumed": True, "plan": None})
    if context.constraints is None:
        context.constraints, context.language = constraints, constraints.language
    context.shared["plan_document"] = document
    return Contribution(record={"resumed": True, "plan": str(path), "constraints": document["constraints"]})


def _record(plan: ConstraintPlan, calls: PlannerCalls | None, path: str, prompt: str) -> dict[str, Any]:
    refinement = plan.refinement
    return {
        "plan": path,
        "constraints": plan.as_json()["constraints"],
        "decided_by": {name: d.how for name, d in plan.extraction.decisions.items()},
        "settled_by_model": [c.field for c in plan.extraction.settled],
        "obligations": len(plan.obligations.items),
        "operations": len(plan.operations),
        "refinement": refinement.outcome,
        "rejections": [a.reasons for a in refinement.attempts if not a.accepted],
        "planner": calls.record() if calls else None,
        "checklist_chars": len(prompt),
    }


def prepare(context: MitigationContext) -> Contribution:
    if context.resume:  # the prompt holds whatever plan the run started with; none is made afresh
        if (context.workdir / PLAN_FILE).exists():
            return _resumed(context)
        return Contribution(record={"resumed": True, "plan": None, "skipped": "the run started without a plan"})
    calls = _planner(context)
    try:
        extraction = _extraction(context, calls)
    except _NothingToPlan as exc:
        return Contribution(record={"plan": None, "skipped": f"{exc}; nothing to plan without one"})
    context.constraints, context.language = extraction.constraints, extraction.constraints.language
    contract = context.contract or contract_in_text(context.task_prompt)
    plan = make_plan(extraction, contract, ask=calls.refine if calls else None,
                     planner=calls.model.name if calls else None)  # fmt: skip
    path = context.workdir / PLAN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    save_plan(plan, path)
    context.shared["plan"] = plan
    section = checklist(plan)
    return Contribution(prompt_sections=[section], record=_record(plan, calls, str(path), section))
