"""Budgets that stop a run: steps, money and wall-clock time (whichever is reached first)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Budget(BaseModel):
    """When the agent stops: whichever limit is reached first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: int = Field(150, gt=0, strict=True)
    cost_usd: float = Field(5.0, gt=0, strict=True)
    wall_s: float = Field(3600.0, gt=0, strict=True)

    def exceeded(self, steps: int, cost_usd: float, wall_s: float) -> str | None:
        """The reason the run must stop now, or None."""
        if steps >= self.steps:
            return f"step budget of {self.steps} used"
        if cost_usd >= self.cost_usd:
            return f"cost budget of ${self.cost_usd:.2f} used (${cost_usd:.4f})"
        if wall_s >= self.wall_s:
            return f"wall-clock budget of {self.wall_s:.0f} s used"
        return None
