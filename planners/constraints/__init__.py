"""Task constraints (framework, architecture, database, ORM) and their catalog of obligations and checks.

Each kind has one module (framework, architecture, database, orm) with its obligations and its `check`;
`catalog.CATALOG` lists them. The checks themselves live in `planners.compliance`, and read the
constraint model: this package's __init__ exports only the data types, so that a check imports without
the catalog, which imports the checks.
"""

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
    "DATABASES",
    "FRAMEWORKS",
    "ORMS",
    "ConstraintError",
    "ConstraintKindName",
    "ConstraintSet",
    "Language",
    "Obligation",
    "Topic",
]
