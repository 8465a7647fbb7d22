"""The trajectory: everything a run did, saved after every step so a crash or Ctrl-C loses nothing.

Format `cagent-trajectory/2` (JSON):
- `run_id`, `model`, `task` (free-form description of the task), `started_at`, `updated_at`
- `configuration`: how the run was configured (agent.run_config.RunConfiguration): source of the task
  (kind, path, sha256), budget, loop, sandbox, isolation (requested, used), tools (name, schema_sha256),
  tools_sha256, mitigations, model (name, kind, context_window, settings without credentials), versions
  (cagent, python, node); written when the run starts and kept as it is when the run is resumed (absent
  when the run stopped before its sandbox and tools were ready)
- `status`: running | submitted | submitted_unverified | budget_exhausted | error | interrupted
- `messages`: the full conversation in OpenAI chat format, never condensed (the record, not the view)
- `steps`: one per model call: `assistant` (an AssistantTurn: content, tool_calls, tokens, cost),
  `observations` (tool, arguments, output, is_error, seconds, `attachments` a mitigation added to
  the output: source, reason, text; `verification` of a `submit`: passed, report, details),
  `model_seconds`, `prompt_chars_sent`,
  `condensed` (whether older observations were condensed for this call)
- `totals`: steps, prompt_tokens, completion_tokens, cost_usd, wall_s (of every segment together),
  retries and retry_wait_s (failed provider attempts and the time waited; each step's assistant turn
  lists its own `retries`: error, wait_s, status, retry_after; `failed_call_retries` those of a call
  that never answered)
- `exit`: status, reason, final_commit (filled when the run ends)
- `base_commit`: the workspace before the agent started (kept when the run is resumed)
- `segments`: one per process that worked on the run (the first, then each `--resume`): started_at,
  commit (the workspace when it started), first_step (steps already recorded), wall_s, and for a resume
  `changed`: the configuration sections this process ran with where they differ from `configuration`
- `mitigations_report`: what each mitigation that was on did (plan, retrieval, schema, verifier), by name

Format `cagent-trajectory/1` is the same without `configuration` and `changed`; it still loads (both are
then absent), and a /1 run that is resumed is written as /2 with the configuration of the resuming process.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.mitigations.base import Attachment, GateVerdict
from agent.models.base import AssistantTurn, Message, Retry
from agent.run_config import RunConfiguration
from tools.atomic import write_atomic

FORMAT = "cagent-trajectory/2"
RunStatus = Literal["running", "submitted", "submitted_unverified", "budget_exhausted", "error", "interrupted"]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class Observation(BaseModel):
    tool_call_id: str
    tool: str
    arguments: dict[str, Any] | str
    output: str
    is_error: bool = False
    seconds: float = 0.0
    attachments: list[Attachment] = Field(default_factory=list)  # what a mitigation added to the output, and why
    verification: GateVerdict | None = None  # a `submit` the verifier judged


class Step(BaseModel):
    index: int
    assistant: AssistantTurn
    observations: list[Observation] = Field(default_factory=list)
    model_seconds: float = 0.0
    prompt_chars_sent: int = 0
    condensed: bool = False


class Totals(BaseModel):
    steps: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    wall_s: float = 0.0
    retries: int = 0  # provider attempts that failed and were retried (each step's are in its assistant turn)
    retry_wait_s: float = 0.0  # time spent waiting before those retries


class RunExit(BaseModel):
    status: RunStatus
    reason: str = ""
    final_commit: str | None = None


class Segment(BaseModel):
    started_at: str = Field(default_factory=_now)
    commit: str | None = None
    first_step: int = 0
    wall_s: float = 0.0
    changed: dict[str, Any] = Field(default_factory=dict)


class Trajectory(BaseModel):
    format: str = FORMAT
    run_id: str
    model: str
    task: dict[str, Any] = Field(default_factory=dict)
    configuration: RunConfiguration | None = None
    started_at: str = Field(default_factory=_now)
    updated_at: str = Field(default_factory=_now)
    status: RunStatus = "running"
    messages: list[Message] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    totals: Totals = Field(default_factory=Totals)
    exit: RunExit | None = None
    base_commit: str | None = None
    segments: list[Segment] = Field(default_factory=list)
    mitigations_report: dict[str, dict[str, Any]] = Field(default_factory=dict)  # what each mitigation did
    failed_call_retries: list[Retry] = Field(default_factory=list)  # the retries of a call that never answered


class TrajectoryRecorder:
    """Holds the trajectory in memory and writes it atomically after every change that matters.

    Each recorder is one segment of the run: wall time adds up over the segments of a resumed run.
    `configuration` is this process's; a trajectory that already records one keeps it, and the segment
    notes what differs. Writing raises EnvironmentFailure when the filesystem refuses it (the previous
    file stays whole).
    """

    def __init__(
        self, path: Path, trajectory: Trajectory, *, commit: str | None = None,
        configuration: RunConfiguration | None = None,
    ) -> None:  # fmt: skip
        self.path = path
        self.trajectory = trajectory
        self._started = time.monotonic()
        self._earlier_wall_s = trajectory.totals.wall_s
        if trajectory.base_commit is None:
            trajectory.base_commit = commit
        self._segment = Segment(commit=commit, first_step=len(trajectory.steps))
        if configuration is not None:
            if trajectory.configuration is None:
                trajectory.configuration = configuration
            else:
                self._segment.changed = configuration.changes_from(trajectory.configuration)
            trajectory.format = FORMAT
        trajectory.segments.append(self._segment)

    def wall_s(self) -> float:
        """Wall-clock seconds of the run so far, earlier segments included."""
        return self._earlier_wall_s + time.monotonic() - self._started

    def add_step(self, step: Step) -> None:
        self.trajectory.steps.append(step)
        totals = self.trajectory.totals
        totals.steps = len(self.trajectory.steps)
        totals.prompt_tokens += step.assistant.prompt_tokens
        totals.completion_tokens += step.assistant.completion_tokens
        totals.cost_usd = round(totals.cost_usd + step.assistant.cost_usd, 6)
        self._count_retries(step.assistant.retries)
        self.save()

    def note_failed_call(self, retries: list[Retry]) -> None:
        """The retries of a model call that never answered: counted, and kept since no step holds them."""
        self.trajectory.failed_call_retries = list(retries)
        self._count_retries(retries)
        self.save()

    def _count_retries(self, retries: list[Retry]) -> None:
        totals = self.trajectory.totals
        totals.retries += len(retries)
        totals.retry_wait_s = round(totals.retry_wait_s + sum(retry.wait_s for retry in retries), 3)

    def finish(self, status: RunStatus, reason: str = "", final_commit: str | None = None) -> None:
        self.trajectory.status = status
        self.trajectory.exit = RunExit(status=status, reason=reason, final_commit=final_commit)
        self.save()

    def save(self) -> None:
        self.trajectory.updated_at = _now()
        self._segment.wall_s = round(time.monotonic() - self._started, 3)
        self.trajectory.totals.wall_s = round(self._earlier_wall_s + self._segment.wall_s, 3)
        write_atomic(self.path, json.dumps(self.trajectory.model_dump(mode="json"), indent=1))


def load_trajectory(path: Path) -> Trajectory:
    return Trajectory.model_validate_json(path.read_text())
