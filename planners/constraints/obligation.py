"""An obligation: one thing a constraint demands, as data that prompts and plans can render."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from planners.constraints.model import ConstraintKindName

# What the obligation is about, so a plan can group or filter them.
Topic = Literal["dependency", "entrypoint", "layout", "imports", "data-access", "driver", "env", "schema", "pitfall"]


class Obligation(BaseModel):
    """`id` is stable (e.g. "database.postgresql.no-sqlite"), `text` one imperative sentence."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    kind: ConstraintKindName
    topic: Topic
