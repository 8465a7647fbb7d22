"""Refining the default plan with a planner model, held to the obligations.

The model is a callable the caller passes (`Refiner`: the request in, a PlanDraft out), so planning works
with any model and offline. A draft that breaks an obligation is rejected with the precise reasons and
asked again, at most twice; then the default stands. Every attempt is recorded in the plan.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

from planners.compliance.layers import layer_of
from planners.planning.draft import DraftFile, DraftOperation, PlanDraft, check_draft
from planners.planning.model import Attempt, ConstraintPlan, OperationPlan, PlannedFile, Refinement

RE_ASKS = 2  # drafts asked for again after a rejection


class RefineRequest(BaseModel):
    plan: ConstraintPlan
    rejected: list[str] = Field(default_factory=list)  # why the previous draft was refused (empty at first)


Refiner = Callable[[RefineRequest], PlanDraft]


class PlannerUnavailable(RuntimeError):
    """The planner model could not answer (network, credentials, unreadable output): the default stands."""


def as_draft(plan: ConstraintPlan) -> PlanDraft:
    """The default plan in the draft's shape: what the model is shown to refine."""
    return PlanDraft(
        files=[DraftFile(path=f.path, imports=f.imports, duties=f.duties) for f in plan.files],
        operations=[
            DraftOperation(
                operation_id=op.operation_id,
                route_file=op.route_file,
                service_file=op.service_file,
                repository_files=op.repository_files,
                model_files=op.model_files,
                entities=op.entities,
                notes=op.notes,
            )
            for op in plan.operations
        ],
    )


def _applied(plan: ConstraintPlan, draft: PlanDraft, refinement: Refinement) -> ConstraintPlan:
    by_id = {op.operation_id: op for op in draft.operations}
    operations = [
        OperationPlan(**{**op.model_dump(), **by_id[op.operation_id].model_dump(exclude={"operation_id"})})
        for op in plan.operations
    ]
    layers = {f.path: f.layer for f in plan.files}
    files = [PlannedFile(path=f.path, layer=_layer_name(f.path, layers, plan), imports=f.imports, duties=f.duties)
             for f in draft.files]  # fmt: skip
    return plan.model_copy(update={"operations": operations, "files": files, "refinement": refinement})


def _layer_name(path: str, known: dict[str, str], plan: ConstraintPlan) -> str:
    if path in known:
        return known[path]
    if plan.constraints.architecture == "clean" and (layer := layer_of(path)):
        return layer
    return "support"


def refine(plan: ConstraintPlan, ask: Refiner, *, planner: str | None = None) -> ConstraintPlan:
    """The plan refined by `ask`, or `plan` itself (with the attempts recorded) when no draft holds."""
    refinement = Refinement(outcome="rejected", planner=planner)
    rejected: list[str] = []
    for _ in range(1 + RE_ASKS):
        try:
            draft = ask(RefineRequest(plan=plan, rejected=rejected))
        except PlannerUnavailable as exc:
            refinement.outcome, refinement.error = "failed", str(exc)
            break
        rejected = check_draft(draft, plan)
        refinement.attempts.append(Attempt(accepted=not rejected, reasons=rejected))
        if not rejected:
            refinement.outcome = "refined"
            return _applied(plan, draft, refinement)
    return plan.model_copy(update={"refinement": refinement})
