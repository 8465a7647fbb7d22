"""The answer of a classifier for one record: a category, its root cause and the evidence behind it."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from evals.classify.record import Category, Subcategory


class Classification(BaseModel):
    """Why one run failed. `subcategory` is set for logic errors only; `rule` names what decided it."""

    category: Category
    subcategory: Subcategory | None = None
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    rule: str
    evidence: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _subcategory_only_for_logic(self) -> Classification:
        # The taxonomy splits logic errors only; a root cause on another category would be noise.
        if self.category != "logic_error":
            self.subcategory = None
        return self
