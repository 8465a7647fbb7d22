"""Limits a box's watchdog enforces on everything inside it together."""

from __future__ import annotations

from pydantic import BaseModel, Field


class BoxLimits(BaseModel):
    memory_mb: int = Field(2048, gt=0, description="resident memory of all processes in the box")
    max_processes: int = Field(64, gt=0, description="processes in the box at once")
    wall_s: float | None = Field(None, gt=0, description="longest the box may live (None: no limit)")
