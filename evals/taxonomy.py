"""The failure taxonomy (coarse category + logic root cause) and a classifier's answer, `Classification`.

A leaf: result documents (`evals.results`) hold a classification without importing the classifier,
which reads the suites that import those documents.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, model_validator

Category = Literal[
    "server_startup_failure",
    "incomplete_implementation",
    "constraint_violation",
    "schema_format_error",
    "logic_error",
    "stuck_in_loop",
    "premature_termination",
    # Seen by the harness first hand (the record's `fault`): the server died mid-suite, stopped answering
    # or answered too slowly, broke a resource limit, or the evaluation itself could not finish.
    "server_crash",
    "timeout",
    "resource_limit",
    "harness_fault",
    "other",
]
Subcategory = Literal[
    "incorrect_query_logic",
    "database_runtime_error",
    "auth_misconfiguration",
    "business_logic_defect",
    "framework_idiosyncrasy",
    "state_propagation_failure",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]
SUBCATEGORIES: tuple[str, ...] = Subcategory.__args__  # type: ignore[attr-defined]


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
