"""The runs of a store as flat records: the scores and costs every table reads."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from evals.bench.store import RunStore


class RunRecord(BaseModel):
    task: str
    scaffold: str
    model: str
    config: str
    trial: int
    level: int
    framework: str
    constraints: list[str]
    a_pct: float
    strict_a_pct: float
    passed: bool
    failure: str | None
    subcategory: str | None
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    wall_s: float

    @property
    def agent(self) -> tuple[str, str, str]:
        """Who produced the run: scaffold, model and mitigation config."""
        return self.scaffold, self.model, self.config

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


def load_records(path: Path) -> tuple[list[RunRecord], dict[str, int]]:
    """Finished runs (status done) as records, and how many rows each status holds.

    infra_error and stopped runs say nothing about the model, so no table counts them.
    """
    rows = RunStore(path).rows()
    counts: dict[str, int] = {}
    records = []
    for row in rows:
        counts[row["status"]] = counts.get(row["status"], 0) + 1
        if row["status"] != "done" or row["document"] is None:
            continue
        summary = json.loads(row["document"]).get("summary") or {}
        records.append(
            RunRecord(
                task=row["task"],
                scaffold=row["scaffold"],
                model=row["model"],
                config=row["config"],
                trial=row["trial"],
                level=row["level"],
                framework=row["framework"],
                constraints=json.loads(row["constraints"]),
                a_pct=float(summary.get("a_pct") or 0.0),
                strict_a_pct=float(summary.get("strict_a_pct") or 0.0),
                passed=bool(summary.get("pass")),
                failure=summary.get("failure"),
                subcategory=summary.get("subcategory"),
                prompt_tokens=int(summary.get("prompt_tokens") or 0),
                completion_tokens=int(summary.get("completion_tokens") or 0),
                cost_usd=float(summary.get("cost_usd") or 0.0),
                wall_s=float(summary.get("wall_s") or 0.0),
            )
        )
    return records, counts
