"""Constraint-first planning: obligations for the stack and every contract operation mapped to its files.

Read first: `build.py` (`make_plan`, `checklist`, `save_plan`), then `model.py` (the ConstraintPlan saved
as plan.json), `default.py` (the deterministic plan from the catalog and the OpenAPI document, with
`entities.py` and `stack.py`), `draft.py` (a planner model's draft and the check holding it to the
obligations) and `refine.py` (reject with reasons, re-ask at most twice, else the default stands).
The planner model is a callable the caller passes in (`Refiner`), so this package imports no model code.
"""

from planners.planning.build import checklist, contract_in_text, make_plan, save_plan
from planners.planning.default import default_plan
from planners.planning.draft import DraftFile, DraftOperation, PlanDraft, check_draft
from planners.planning.model import ConstraintPlan, OperationPlan, Refinement
from planners.planning.refine import RE_ASKS, PlannerUnavailable, Refiner, RefineRequest, as_draft, refine

__all__ = [
    "RE_ASKS",
    "ConstraintPlan",
    "DraftFile",
    "DraftOperation",
    "OperationPlan",
    "PlanDraft",
    "PlannerUnavailable",
    "RefineRequest",
    "Refinement",
    "Refiner",
    "as_draft",
    "check_draft",
    "checklist",
    "contract_in_text",
    "default_plan",
    "make_plan",
    "refine",
    "save_plan",
]
