"""Task constraints (framework, architecture, database, ORM) and their catalog of obligations and checks.

Each kind has one module (framework, architecture, database, orm) with its obligations and its `check`;
`catalog.CATALOG` lists them. The checks themselves live in `planners.compliance`.
"""

from planners.constraints.catalog import CATALOG, obligations_for
from planners.constraints.kind import ConstraintKind
from planners.constraints.model import (
    ARCHITECTURES,
    DATABASES,
    FRAMEWORKS,
    ORMS,
    ConstraintError,
    ConstraintKindName,
    ConstraintSet,
    Language,
)
from planners.constraints.obligation import Obligation, Topic

__all__ = [
    "ARCHITECTURES",
    "CATALOG",
    "DATABASES",
    "FRAMEWORKS",
    "ORMS",
    "ConstraintError",
    "ConstraintKind",
    "ConstraintKindName",
    "ConstraintSet",
    "Language",
    "Obligation",
    "Topic",
    "obligations_for",
]
