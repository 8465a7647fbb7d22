"""The constraint catalog: one entry per kind, in the order plans and reports show them."""

from __future__ import annotations

from planners.constraints import architecture, database, framework, orm
from planners.constraints.kind import ConstraintKind
from planners.constraints.model import ConstraintKindName, ConstraintSet
from planners.constraints.obligation import Obligation

CATALOG: dict[ConstraintKindName, ConstraintKind] = {
    kind.name: kind for kind in (framework.KIND, architecture.KIND, database.KIND, orm.KIND)
}


def obligations_for(constraints: ConstraintSet) -> list[Obligation]:
    """Every obligation of the task, framework first; unconstrained kinds contribute nothing."""
    return [item for name in constraints.constrained_kinds() for item in CATALOG[name].obligations(constraints)]
