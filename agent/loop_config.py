"""The loop's settings, apart from the loop so the trajectory header can record them without importing it."""

from __future__ import annotations

from pydantic import BaseModel


class LoopConfig(BaseModel):
    max_malformed: int = 3  # consecutive malformed turns that end the run
    observation_chars: int = 12_000  # longest observation kept in the conversation
    context_fraction: float = 0.75  # condense when the estimate passes this share of the window
