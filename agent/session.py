"""One agent run, end to end: workspace and git, sandbox and tools, prompts, the loop, result.json.

Layout of a run directory (`workdir`):
    workspace/        the code (a git repository: a commit before the agent starts, one at the end)
    trajectory.json   written after every step
    result.json       written when the run ends, however it ends
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from agent.budget import Budget
from agent.git_workspace import commit_all
from agent.loop import AgentLoop, LoopConfig, LoopOutcome
from agent.models.base import Model
from agent.result import RunResult
from agent.trajectory import Step, Trajectory, TrajectoryRecorder, load_trajectory
from prompts.render import condensed_note, malformed_note, render
from tools.agent_tools.registry import close_tools, default_tools
from tools.databases import DatabaseProvider, open_provider
from tools.sandbox.factory import make_sandbox

Language = Literal["python", "node", "unknown"]


class RunPlan(BaseModel):
    """Everything a run needs, whatever started it (a spec, a free-text task, a harness launcher)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    workspace: Path
    trajectory_path: Path
    result_path: Path | None
    task_prompt: str
    language: Language
    task_info: dict[str, Any]
    budget: Budget = Budget()
    database: Literal["postgres", "sqlite", "none"] = "sqlite"
    sandbox: str = "local"
    system_guidance: str | None = None
    seed_from: Path | None = None  # a feature task's repository, copied into the workspace first
    resume: bool = False


def _system_prompt(tools: list[Any], language: Language, guidance: str | None) -> str:
    text = render("system.md.j2", tools=tools, language=language)
    return f"{text}\n\n{guidance.strip()}\n" if guidance else text


def _prepare_workspace(plan: RunPlan) -> str:
    if plan.seed_from is not None and not plan.resume:
        shutil.copytree(plan.seed_from, plan.workspace, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
    plan.workspace.mkdir(parents=True, exist_ok=True)
    return commit_all(plan.workspace, "cagent: workspace before the agent" if not plan.resume else "cagent: resume")


def _recorder(plan: RunPlan, model: Model, messages: Callable[[], list[dict[str, Any]]]) -> TrajectoryRecorder:
    if plan.resume and plan.trajectory_path.exists():
        trajectory = load_trajectory(plan.trajectory_path)
        trajectory.status, trajectory.exit = "running", None
        return TrajectoryRecorder(plan.trajectory_path, trajectory)
    trajectory = Trajectory(run_id=uuid.uuid4().hex[:12], model=model.name, task=plan.task_info, messages=messages())
    recorder = TrajectoryRecorder(plan.trajectory_path, trajectory)
    recorder.save()
    return recorder


def run_agent(
    plan: RunPlan, model: Model, *, on_step: Callable[[Step], None] | None = None, loop_config: LoopConfig | None = None
) -> RunResult:
    """Run the agent on `plan` with `model`; always writes the trajectory and (when asked) result.json.

    Raises DatabaseUnavailable before any work when the database the plan asks for cannot be had.
    """
    base = _prepare_workspace(plan)
    provider: DatabaseProvider | None = open_provider(plan.database)  # may raise: nothing has started yet
    outcome = LoopOutcome(status="error", reason="the run did not start", steps=0)
    recorder: TrajectoryRecorder | None = None
    try:
        # Released in reverse order; one failing release does not stop the others (ExitStack keeps going).
        with contextlib.ExitStack() as resources:
            if provider is not None:
                resources.callback(provider.close)
            try:
                options = {"image": plan.language} if plan.sandbox == "docker" and plan.language != "unknown" else {}
                sandbox = make_sandbox(plan.sandbox, plan.workspace, **options)
                resources.callback(sandbox.close)
                tools = default_tools(sandbox, database_provider=provider)
                resources.callback(close_tools, tools)
                system = _system_prompt(tools, plan.language, plan.system_guidance)
                recorder = _recorder(
                    plan,
                    model,
                    lambda: [{"role": "system", "content": system}, {"role": "user", "content": plan.task_prompt}],
                )
                loop = AgentLoop(
                    model, tools, recorder, plan.budget, malformed_note=malformed_note,
                    condensed_note=condensed_note, config=loop_config, on_step=on_step,
                )  # fmt: skip
                outcome = loop.run()
            except KeyboardInterrupt:
                outcome = LoopOutcome(status="interrupted", reason="interrupted by the user", steps=outcome.steps)
            except Exception as exc:  # recorded in result.json and the trajectory, not lost in a traceback
                outcome = LoopOutcome(status="error", reason=f"{type(exc).__name__}: {exc}", steps=outcome.steps)
    except Exception as exc:  # releasing a resource failed; the run's own outcome stands
        outcome = outcome.model_copy(update={"reason": f"{outcome.reason}; cleanup failed: {exc}"})
    final = commit_all(plan.workspace, f"cagent: workspace after the agent ({outcome.status})")
    if recorder is None:  # failed before the first message: still leave a readable record
        recorder = TrajectoryRecorder(plan.trajectory_path, Trajectory(run_id=uuid.uuid4().hex[:12], model=model.name))
    recorder.finish(outcome.status, outcome.reason, final)
    totals = recorder.trajectory.totals
    result = RunResult(
        status=outcome.status, reason=outcome.reason, steps=totals.steps, prompt_tokens=totals.prompt_tokens,
        completion_tokens=totals.completion_tokens, cost_usd=totals.cost_usd, wall_s=totals.wall_s,
        model=model.name, workspace=str(plan.workspace), trajectory=str(plan.trajectory_path),
        base_commit=base, final_commit=final,
    )  # fmt: skip
    if plan.result_path is not None:
        result.save(plan.result_path)
    return result
