"""A run's live spending (`progress.json` in its folder), read by the sweep to hold its cost cap."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from tools.atomic import write_atomic


class Progress(BaseModel):
    steps: int = 0
    cost_usd: float = 0.0


class ProgressFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.current = Progress()

    def set(self, *, steps: int, cost_usd: float) -> None:
        self.current = Progress(steps=steps, cost_usd=round(cost_usd, 6))
        write_atomic(self.path, self.current.model_dump_json())

    def add(self, *, steps: int, cost_usd: float) -> None:
        self.set(steps=self.current.steps + steps, cost_usd=self.current.cost_usd + cost_usd)


def read_progress(path: Path) -> Progress:
    try:
        return Progress.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return Progress()
