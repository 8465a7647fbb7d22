"""The stack a search is for (language, framework, ORM, database), and which documents apply to it.

A document names the values it applies to per dimension; a dimension it leaves empty applies to every
value. A stack value of None (or "none" for the ORM and database) means the task does not fix it, so
documents for any value of that dimension stay in: an unconstrained task may still pick SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

DIMENSIONS = ("language", "framework", "orm", "database")


class Stack(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    language: str | None = None
    framework: str | None = None
    orm: str | None = None
    database: str | None = None

    def value(self, dimension: str) -> str | None:
        chosen = getattr(self, dimension)
        return None if chosen in (None, "", "none", "unknown") else str(chosen).lower()

    def label(self) -> str:
        parts = [self.value(dimension) for dimension in DIMENSIONS]
        return " + ".join(part for part in parts if part) or "any stack"


def applies(stack: Stack | None, **declared: Sequence[str]) -> bool:
    """Whether a document declaring `declared` (dimension -> values, empty = any) fits `stack`."""
    if stack is None:
        return True
    for dimension in DIMENSIONS:
        values = declared.get(dimension) or ()
        chosen = stack.value(dimension)
        if values and chosen is not None and chosen not in values:
            return False
    return True


def specificity(stack: Stack | None, **declared: Sequence[str]) -> int:
    """How many of the stack's chosen values a document names explicitly (a Fastify card for a Fastify task)."""
    if stack is None:
        return 0
    chosen = [(dimension, stack.value(dimension)) for dimension in DIMENSIONS]
    return sum(1 for dimension, value in chosen if value and value in declared.get(dimension, ()))
