"""What an extraction returns: the constraints, and for each field the phrase that decided it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planners.constraints.model import ConstraintSet

FIELDS = ("framework", "architecture", "database", "orm")
# stated/implied/example: read in the text; default: the text says nothing ("none"); given: a command-line
# option; model: the planner model settled a conflict; spec: a task spec states it.
How = Literal["stated", "implied", "example", "default", "given", "model", "spec"]


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: str
    how: How
    phrase: str | None = None  # the words that decided it (None when nothing did)


class Conflict(BaseModel):
    """A field the text leaves open (several values asked, none at all) or a contradiction between fields."""

    model_config = ConfigDict(frozen=True)

    field: str  # a field name, or "constraints" for a contradiction between fields
    candidates: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    reason: str

    def describe(self) -> str:
        quoted = "; ".join(f'"{_cut(p)}"' for p in self.phrases[:2])
        return f"{self.field}: {self.reason}" + (f" ({quoted})" if quoted else "")


class Extraction(BaseModel):
    constraints: ConstraintSet
    decisions: dict[str, Decision]
    settled: list[Conflict] = Field(default_factory=list)  # the conflicts the planner model decided
    planner: str | None = None  # the model that decided them

    def as_json(self) -> dict[str, object]:
        return {
            **{name: self.constraints.value(name) for name in FIELDS},  # type: ignore[arg-type]
            "language": self.constraints.language,
            "decided_by": {name: d.model_dump() for name, d in self.decisions.items()},
            "settled_by_model": [c.model_dump() for c in self.settled],
            "planner": self.planner,
        }


class ExtractionError(ValueError):
    """The task cannot be read as constraints. The message is one line."""


class AmbiguousTask(ExtractionError):
    """The text is ambiguous or contradictory and no model was there to decide."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        super().__init__("ambiguous task: " + " | ".join(c.describe() for c in conflicts))


class FieldChoice(BaseModel):
    value: str = Field(description="the catalog value, or 'none' when the task leaves the field free")
    phrase: str = Field(description="the words of the task that decide it, quoted exactly")


class ConstraintAnswer(BaseModel):
    """The planner model's reading of an ambiguous task (its structured output)."""

    framework: FieldChoice
    architecture: FieldChoice
    database: FieldChoice
    orm: FieldChoice


class ExtractionQuestion(BaseModel):
    """What the planner model is asked: the task, what the rules could not decide, what they did."""

    task: str
    conflicts: list[Conflict]
    settled: dict[str, Decision]
    problem: str | None = None  # why its previous answer was refused


Resolver = Callable[[ExtractionQuestion], ConstraintAnswer]


def _cut(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def spec_extraction(constraints: ConstraintSet) -> Extraction:
    """A spec states its constraints: nothing to read."""
    return Extraction(
        constraints=constraints,
        decisions={name: Decision(value=constraints.value(name), how="spec") for name in FIELDS},  # type: ignore[arg-type]
    )
