"""A model that re-runs the model turns of a saved trajectory (`replay:TRAJECTORY`).

Useful to reproduce a run offline: the tools run again, the model's answers come from the file.
Turns keep their recorded tokens and cost, so budgets stop a replay where they stopped the run.
A resumed replay skips the turns its own trajectory already holds (see agent.models.fixed_turns).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from agent.models.base import AssistantTurn, ModelError
from agent.models.fixed_turns import FixedTurnsModel

__all__ = ["ReplayModel", "turns_from_trajectory"]


def turns_from_trajectory(data: Any) -> list[AssistantTurn]:
    """The assistant turns of a trajectory document, in order.

    Accepted shapes (the only place that knows the trajectory format):
    - {"steps": [{"assistant": {AssistantTurn fields}, ...}, ...], ...}  (steps without "assistant" skipped)
    - [{AssistantTurn fields}, ...]
    """
    if isinstance(data, dict) and isinstance(data.get("steps"), list):
        dumps = [step["assistant"] for step in data["steps"] if isinstance(step, dict) and step.get("assistant")]
    elif isinstance(data, list):
        dumps = data
    else:
        raise ValueError("expected {'steps': [{'assistant': ...}]} or a list of assistant turns")
    turns = []
    for index, dump in enumerate(dumps, start=1):
        try:
            turns.append(AssistantTurn.model_validate(dump))
        except ValidationError as exc:
            raise ValueError(f"turn {index} is not an assistant turn: {exc.errors()[0]['msg']}") from exc
    return turns


class ReplayModel(FixedTurnsModel):
    """Answers each `complete` call with the next recorded turn, ignoring the messages."""

    exhausted = "the trajectory has no turns left after {count}"

    def __init__(self, trajectory_path: str | Path) -> None:
        self.path = Path(trajectory_path)
        self.name = f"replay:{self.path}"
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ModelError(f"cannot read trajectory {self.path}: {exc.strerror or type(exc).__name__}") from exc
        except ValueError as exc:
            raise ModelError(f"trajectory {self.path} is not valid JSON: {exc}") from exc
        try:
            turns = turns_from_trajectory(data)
        except ValueError as exc:
            raise ModelError(f"trajectory {self.path}: {exc}") from exc
        super().__init__(turns)
