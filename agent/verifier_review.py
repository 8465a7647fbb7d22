"""The verifier's reviewer sub-agent: a second agent loop, with its own prompt, budget and child trajectory, that
reads the workspace (view, search) and reports findings as structured output (`report_findings`).

It judges what rules cannot: business logic in routes, a layer bypassed through a helper, a query that
ignores a filter the contract names. A finding without a file and a reason is dropped, and so is one
naming a file the workspace does not have (a reviewer must have read what it reports).

It lives beside agent.verifier, not in it, and the verifier loads it by name (REVIEWER): it runs an
AgentLoop, whose trajectory types come from agent.mitigations, which holds the verifier's adapter; a
static import from agent.verifier would close that circle.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, Field

from agent.budget import Budget
from agent.loop import AgentLoop
from agent.models.base import Model
from agent.trajectory import Trajectory, TrajectoryRecorder
from agent.verifier.report import Finding
from agent.verifier.review_tools import ReadOnlyWorkspace, ReportTool, ViewTool
from planners.constraints import ConstraintSet, Obligation
from prompts.render import condensed_note, malformed_note, render
from tools.agent_tools.search import SearchTool
from tools.base import Tool
from tools.sandbox.paths import PathOutsideWorkspace, resolve_inside

REVIEW_BUDGET = Budget(steps=20, cost_usd=1.0, wall_s=300.0)


class ReviewOutcome(BaseModel):
    findings: list[Finding] = Field(default_factory=list)
    dropped: int = 0  # reported without a file, a reason, or naming a file that does not exist
    status: str = ""
    reason: str = ""
    trajectory: str = ""
    cost_usd: float = 0.0


def review(
    workspace: Path,
    model: Model,
    constraints: ConstraintSet | None,
    *,
    trajectory_path: Path,
    obligations: Sequence[Obligation] = (),
    operations: Sequence[str] = (),
    known: Sequence[Finding] = (),
    budget: Budget = REVIEW_BUDGET,
) -> ReviewOutcome:
    sandbox = ReadOnlyWorkspace(workspace)
    report = ReportTool()
    tools: list[Tool] = [ViewTool(sandbox), SearchTool(sandbox), report]  # type: ignore[list-item]
    system = render("verifier_review_system.md.j2", tools=tools)
    task = render(
        "verifier_review_task.md.j2",
        constraints=constraints.describe() if constraints else "none stated",
        obligations=list(obligations),
        operations=list(operations),
        findings=[f"[{f.gate}] {f.where() + ': ' if f.where() else ''}{f.message}" for f in known],
    )
    trajectory = Trajectory(
        run_id=uuid.uuid4().hex[:12], model=model.name, task={"kind": "verifier-review", "workspace": str(workspace)},
        messages=[{"role": "system", "content": system}, {"role": "user", "content": task}],
    )  # fmt: skip
    recorder = TrajectoryRecorder(trajectory_path, trajectory)
    loop = AgentLoop(model, tools, recorder, budget, malformed_note=malformed_note, condensed_note=condensed_note)
    outcome = loop.run()
    recorder.finish(outcome.status, outcome.reason)
    kept, dropped = _kept(workspace, report)
    return ReviewOutcome(
        findings=kept, dropped=dropped, status=outcome.status, reason=outcome.reason,
        trajectory=str(trajectory_path), cost_usd=trajectory.totals.cost_usd,
    )  # fmt: skip


def _inside(workspace: Path, file: str) -> bool:
    try:
        return resolve_inside(workspace, file).is_file()
    except PathOutsideWorkspace:
        return False


def _kept(workspace: Path, report: ReportTool) -> tuple[list[Finding], int]:
    kept: list[Finding] = []
    dropped = 0
    for item in report.reported or []:
        file = item.file.strip().removeprefix("./")
        if not file or not item.reason.strip() or not _inside(workspace, file):
            dropped += 1
            continue
        kept.append(Finding(gate="review", message=item.reason.strip(), file=file, line=max(item.line, 0),
                            evidence=item.evidence.strip()))  # fmt: skip
    return kept, dropped
