"""The architecture constraint: Clean Architecture as four layer directories and a downward import rule."""

from __future__ import annotations

from pathlib import Path

from planners.compliance.architecture_check import check_architecture
from planners.compliance.layers import LAYER_DIRS, LAYERS
from planners.compliance.verdict import Verdict
from planners.constraints.kind import ConstraintKind
from planners.constraints.model import ConstraintSet
from planners.constraints.obligation import Obligation

_JOBS = {
    "routes": "HTTP only: parse the request, call a service, format the response; no business logic",
    "services": "business rules and use cases, framework-agnostic; they call repositories",
    "repositories": "every database operation (sessions, queries, drivers); called only by services",
    "models": "entities and ORM model declarations; they import nothing from the other layers",
}


def obligations(constraints: ConstraintSet) -> list[Obligation]:
    if constraints.architecture != "clean":
        return []
    found = []
    for layer in LAYERS:
        others = ", ".join(sorted(LAYER_DIRS[layer] - {layer}))
        found.append(
            Obligation(
                id=f"architecture.clean.layer.{layer}",
                text=f"Put the {layer} layer in a `{layer}/` directory (or {others}): {_JOBS[layer]}",
                kind="architecture",
                topic="layout",
            )
        )
    found += [
        Obligation(
            id="architecture.clean.downward",
            text="Imports point downward only: routes -> services -> repositories -> models; never the reverse, "
            "not even inside a function",
            kind="architecture",
            topic="imports",
        ),
        Obligation(
            id="architecture.clean.routes-through-services",
            text="Routes import services (and may use models as types); never repositories, the ORM or a "
            "database driver",
            kind="architecture",
            topic="imports",
        ),
        Obligation(
            id="architecture.clean.repositories-own-database",
            text="Only repositories touch the database: services and routes import no driver, ORM session or "
            "db module and do not query models; models may import the ORM to declare themselves",
            kind="architecture",
            topic="data-access",
        ),
        Obligation(
            id="architecture.clean.literal-imports",
            text="Import modules by literal paths (no require(variable) or computed import()) so the layering "
            "can be checked",
            kind="architecture",
            topic="imports",
        ),
    ]
    return found


KIND = ConstraintKind("architecture", obligations, check_architecture)


def check(workspace: Path, constraints: ConstraintSet) -> Verdict:
    """Clean Architecture layers and import direction of `workspace` (compliant when not constrained)."""
    return KIND.check(workspace, constraints)
