"""result.json: how a run ended, what it cost, and where its outputs are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from agent.trajectory import RunStatus
from tools.atomic import write_atomic


class RunResult(BaseModel):
    status: RunStatus
    reason: str
    steps: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    wall_s: float
    model: str
    workspace: str
    trajectory: str
    base_commit: str | None = None  # the workspace before the agent, whatever number of resumes since
    final_commit: str | None = None
    # How the agent's commands were contained: "bwrap" (boxes), "none", or another sandbox (docker).
    isolation: str = "none"
    isolation_requested: str = "none"
    retries: int = 0  # provider attempts retried, and the seconds waited for them: a slow provider shows here
    retry_wait_s: float = 0.0
    mitigations: dict[str, bool] = Field(default_factory=dict)  # which were on
    mitigations_report: dict[str, dict[str, Any]] = Field(default_factory=dict)  # what each one did

    def save(self, path: Path) -> None:
        """Atomically; EnvironmentFailure when the filesystem refuses the write."""
        write_atomic(path, json.dumps(self.model_dump(mode="json"), indent=2))
