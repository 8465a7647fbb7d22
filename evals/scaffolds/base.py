"""What every scaffold adapter takes and gives: the same task, workspace and limits in; diff, records, cost out."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from agent.spec import Mitigations
from evals.tasks.model import BenchTask

# How a scaffold's run ended, in words common to every scaffold (its own word is kept in `raw_status`).
ExitStatus = Literal["submitted", "limits", "error", "infra_error", "interrupted", "not_run"]


class ScaffoldUnavailable(RuntimeError):
    """The scaffold cannot run here (not installed, no interpreter): an infrastructure failure, one line."""


class ScaffoldLimits(BaseModel):
    """The same limits for every scaffold: steps (model calls), money, wall clock."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    steps: int = Field(150, gt=0)
    cost_usd: float = Field(5.0, gt=0)
    wall_s: float = Field(3600.0, gt=0)


class ScaffoldRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)

    task: BenchTask
    run_dir: Path  # workspace/ and the scaffold's own records go here
    model: str | None = None
    api_base: str | None = None
    api_key: str | None = None
    limits: ScaffoldLimits = ScaffoldLimits()
    mitigations: Mitigations = Field(default_factory=Mitigations)
    isolation: str | None = None  # auto | bwrap | none, as everywhere
    options: dict[str, Any] = Field(default_factory=dict)  # scaffold-specific (e.g. none: reference=...)

    @property
    def workspace(self) -> Path:
        return self.run_dir / "workspace"


class ScaffoldOutcome(BaseModel):
    scaffold: str
    status: ExitStatus
    raw_status: str = ""
    reason: str = ""
    steps: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    wall_s: float = 0.0
    trajectory: str | None = None
    base_commit: str | None = None
    diff_path: str | None = None
    diff_files: list[str] = Field(default_factory=list)
    diff_lines: int = 0
    version: str | None = None


class Scaffold(Protocol):
    name: str
    needs_model: bool

    def run(self, request: ScaffoldRequest) -> ScaffoldOutcome: ...
