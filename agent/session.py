"""One agent run, end to end: workspace and git, sandbox and tools, prompts, the loop, result.json.

Layout of a run directory (`workdir`):
    workspace/        the code (a git repository: a commit before the agent starts, one at the end)
    trajectory.json   written after every step
    result.json       written when the run ends, however it ends

A resumed run (`resume=True`) goes on from the last model turn its trajectory records: same history,
same base commit, wall time added up over the segments.
"""

from __future__ import annotations

import contextlib
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.budget import Budget
from agent.git_workspace import BEFORE_THE_AGENT, base_commit_from_history, commit_all
from agent.loop import AgentLoop, LoopConfig, LoopOutcome
from agent.mitigations import MitigationContext, MitigationInputError, Prepared, prepare_mitigations
from agent.models.base import Model, SkipsTurns
from agent.result import RunResult
from agent.run_config import IsolationRecord, RunConfiguration, TaskSource, Versions, model_record, tool_records
from agent.spec import Mitigations
from agent.trajectory import Step, Totals, Trajectory, TrajectoryRecorder, load_trajectory
from agent.versions import NodeVersion, cagent_version, python_version
from planners.constraints.model import ConstraintSet
from prompts.render import condensed_note, malformed_note, render
from tools.agent_tools.registry import close_tools, default_tools
from tools.base import Tool
from tools.components import split_options
from tools.databases import DatabaseProvider, open_provider
from tools.environment_failure import EnvironmentFailure, environment_failure, write_failure
from tools.isolation.mode import IsolationChoice, resolve_isolation
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
    sandbox: str = "local"  # a name or dotted path, with options: `local,default_timeout_s=60`
    isolation: IsolationChoice = Field(default_factory=resolve_isolation)  # for the local sandbox and the apps
    system_guidance: str | None = None
    seed_from: Path | None = None  # a feature task's repository, copied into the workspace first
    resume: bool = False
    source: TaskSource | None = None  # the spec or prompt the task came from, recorded in the trajectory
    mitigations: Mitigations = Field(default_factory=Mitigations.off)  # a spec or a command turns them on
    # What the mitigations read: the task's constraints (None for free text: the planner extracts them), the
    # parsed OpenAPI contract, and their options (planner_model, verifier_model, verifier_rounds).
    constraints: ConstraintSet | None = None
    contract: dict[str, Any] | None = None
    mitigation_options: dict[str, Any] = Field(default_factory=dict)

    @property
    def sandbox_name(self) -> str:
        return split_options(self.sandbox)[0]


def _sandbox_options(plan: RunPlan) -> dict[str, Any]:
    if plan.sandbox_name == "docker":
        return {"image": plan.language} if plan.language != "unknown" else {}
    if plan.sandbox_name == "local":
        return {"isolation": plan.isolation}
    return {}


def _system_prompt(tools: list[Any], language: Language, guidance: str | None) -> str:
    text = render("system.md.j2", tools=tools, language=language)
    return f"{text}\n\n{guidance.strip()}\n" if guidance else text


def _with_extra_tools(tools: list[Tool], extra: list[Tool]) -> list[Tool]:
    """The mitigations' tools before `submit`, which stays last; a name already taken is a bug, not a choice."""
    taken = {tool.name for tool in tools}
    if clash := sorted(taken & {tool.name for tool in extra}):
        raise ValueError(f"a mitigation's tool takes an existing name: {', '.join(clash)}")
    last = [tool for tool in tools if tool.name == "submit"]
    return [tool for tool in tools if tool.name != "submit"] + extra + last


def _prepare_workspace(plan: RunPlan) -> str:
    """The commit this segment of the run starts from; EnvironmentFailure when the machine refuses."""
    try:
        if plan.seed_from is not None and not plan.resume:
            shutil.copytree(plan.seed_from, plan.workspace, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git"))
        plan.workspace.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_failure(exc, plan.workspace) from None
    return commit_all(plan.workspace, BEFORE_THE_AGENT if not plan.resume else "cagent: resume", plan.isolation)


PRE_CREATED = "cagent: pre-created by the mitigations"


def _prepare_mitigations(
    plan: RunPlan, model: Model, sandbox: Any, provider: DatabaseProvider | None
) -> tuple[Prepared, MitigationContext]:
    """Run the mitigations that are on; what they wrote into the workspace is committed before the first step.

    The context comes back too: the planner may have read a free-text task's language and constraints."""
    context = MitigationContext(
        workspace=plan.workspace, workdir=plan.trajectory_path.parent, language=plan.language,
        constraints=plan.constraints, contract=plan.contract, task_prompt=plan.task_prompt, model=model,
        sandbox=sandbox, database_provider=provider, isolation=plan.isolation, resume=plan.resume,
        options=dict(plan.mitigation_options),
    )  # fmt: skip
    prepared = prepare_mitigations(plan.mitigations, context)
    if prepared.ran and not plan.resume:
        commit_all(plan.workspace, PRE_CREATED, plan.isolation)
    return prepared, context


def _configuration(
    plan: RunPlan, model: Model, tools: list[Tool], loop_config: LoopConfig | None, node: NodeVersion
) -> RunConfiguration:
    records, schemas = tool_records(tools)
    used = plan.isolation.used if plan.sandbox_name == "local" else plan.sandbox_name
    return RunConfiguration(
        source=plan.source, budget=plan.budget, loop=loop_config or LoopConfig(), sandbox=plan.sandbox,
        isolation=IsolationRecord(requested=plan.isolation.requested, used=used), tools=records,
        tools_sha256=schemas, mitigations=plan.mitigations, model=model_record(model),
        versions=Versions(cagent=cagent_version(), python=python_version(), node=node.value()),
    )  # fmt: skip


def _recorder(
    plan: RunPlan, model: Model, commit: str, messages: Callable[[], list[dict[str, Any]]],
    configuration: RunConfiguration,
) -> TrajectoryRecorder:  # fmt: skip
    """A new trajectory, or the recorded one when resuming: its history goes on, its turns are not asked again."""
    if plan.resume and plan.trajectory_path.exists():
        trajectory = load_trajectory(plan.trajectory_path)
        trajectory.status, trajectory.exit = "running", None
        if trajectory.base_commit is None:  # recorded before trajectories kept their base commit
            trajectory.base_commit = base_commit_from_history(plan.workspace)
        if isinstance(model, SkipsTurns):  # it cannot see the history: skip the turns it already gave
            model.skip_turns(len(trajectory.steps))
    else:
        trajectory = Trajectory(
            run_id=uuid.uuid4().hex[:12], model=model.name, task=plan.task_info, messages=messages()
        )
    recorder = TrajectoryRecorder(plan.trajectory_path, trajectory, commit=commit, configuration=configuration)
    recorder.save()
    return recorder


def _unstarted_recorder(plan: RunPlan, model: Model, commit: str | None) -> TrajectoryRecorder | None:
    """The record of a run that failed before its first message: the resumed trajectory, or a new one."""
    if plan.resume and plan.trajectory_path.exists():
        try:
            trajectory = load_trajectory(plan.trajectory_path)
        except (OSError, ValueError):
            return None  # unreadable: left as it is rather than replaced
    else:
        trajectory = Trajectory(run_id=uuid.uuid4().hex[:12], model=model.name, task=plan.task_info)
    return TrajectoryRecorder(plan.trajectory_path, trajectory, commit=commit)


def run_agent(
    plan: RunPlan, model: Model, *, on_step: Callable[[Step], None] | None = None, loop_config: LoopConfig | None = None
) -> RunResult:
    """Run the agent on `plan` with `model`; always writes the trajectory and (when asked) result.json.

    Raises DatabaseUnavailable before any work when the database the plan asks for cannot be had, and
    EnvironmentFailure when the machine stops the run (full disk, unwritable directory, no git), once
    whatever can still be recorded is.
    """
    outcome = LoopOutcome(status="error", reason="the run did not start", steps=0)
    node = NodeVersion()  # answers while the workspace and the sandbox are prepared
    try:
        start = _prepare_workspace(plan)
    except EnvironmentFailure as exc:
        return _close(plan, model, None, outcome.model_copy(update={"reason": exc.reason}), None, exc)
    provider: DatabaseProvider | None = open_provider(plan.database)  # may raise: nothing has started yet
    recorder: TrajectoryRecorder | None = None
    failure: EnvironmentFailure | None = None
    try:
        # Released in reverse order; one failing release does not stop the others (ExitStack keeps going).
        with contextlib.ExitStack() as resources:
            if provider is not None:
                resources.callback(provider.close)
            try:
                sandbox = make_sandbox(plan.sandbox, plan.workspace, **_sandbox_options(plan))
                resources.callback(sandbox.close)
                tools = default_tools(sandbox, database_provider=provider)
                resources.callback(close_tools, tools)
                prepared, context = _prepare_mitigations(plan, model, sandbox, provider)
                resources.callback(close_tools, prepared.tools)
                tools = _with_extra_tools(tools, prepared.tools)
                system = _system_prompt(tools, context.language, plan.system_guidance)
                task_prompt = prepared.task_prompt(plan.task_prompt)
                recorder = _recorder(
                    plan,
                    model,
                    start,
                    lambda: [{"role": "system", "content": system}, {"role": "user", "content": task_prompt}],
                    _configuration(plan, model, tools, loop_config, node),
                )
                recorder.trajectory.mitigations_report.update(prepared.records)
                loop = AgentLoop(
                    model, tools, recorder, plan.budget, malformed_note=malformed_note,
                    condensed_note=condensed_note, config=loop_config, on_step=on_step,
                    observers=prepared.observers, submit_gates=prepared.submit_gates,
                    gate_rounds=int(plan.mitigation_options.get("verifier_rounds", 3)),
                )  # fmt: skip
                outcome = loop.run()
            except KeyboardInterrupt:
                outcome = LoopOutcome(status="interrupted", reason="interrupted by the user", steps=outcome.steps)
            except MitigationInputError:
                raise  # the user's input, not the run: one line from the command, exit 2
            except Exception as exc:  # recorded in result.json and the trajectory, not lost in a traceback
                failure = environment_failure(exc)
                reason = failure.reason if failure else f"{type(exc).__name__}: {exc}"
                outcome = LoopOutcome(status="error", reason=reason, steps=outcome.steps)
    except MitigationInputError:
        raise
    except Exception as exc:  # releasing a resource failed; the run's own outcome stands
        outcome = outcome.model_copy(update={"reason": f"{outcome.reason}; cleanup failed: {exc}"})
    return _close(plan, model, recorder, outcome, start, failure)


def _close(
    plan: RunPlan, model: Model, recorder: TrajectoryRecorder | None, outcome: LoopOutcome, start: str | None,
    failure: EnvironmentFailure | None,
) -> RunResult:  # fmt: skip
    """Final commit, closed trajectory, result.json, each as far as the machine allows; then raise `failure`."""
    final: str | None = None
    if start is not None:
        try:
            final = commit_all(plan.workspace, f"cagent: workspace after the agent ({outcome.status})", plan.isolation)
        except EnvironmentFailure as exc:
            reason = f"{exc.reason} (after the run ended: {outcome.status})" if failure is None else outcome.reason
            outcome, failure = outcome.model_copy(update={"status": "error", "reason": reason}), failure or exc
    try:
        recorder = recorder or _unstarted_recorder(plan, model, start)
        if recorder is not None:
            recorder.finish(outcome.status, outcome.reason, final)
    except EnvironmentFailure as exc:
        failure = failure or exc
    totals = recorder.trajectory.totals if recorder is not None else Totals()
    result = RunResult(
        status=outcome.status, reason=outcome.reason, steps=totals.steps, prompt_tokens=totals.prompt_tokens,
        completion_tokens=totals.completion_tokens, cost_usd=totals.cost_usd, wall_s=totals.wall_s,
        model=model.name, workspace=str(plan.workspace), trajectory=str(plan.trajectory_path),
        base_commit=recorder.trajectory.base_commit if recorder is not None else start, final_commit=final,
        isolation=plan.isolation.used if plan.sandbox_name == "local" else plan.sandbox,
        isolation_requested=plan.isolation.requested, mitigations=plan.mitigations.model_dump(mode="json"),
        retries=totals.retries, retry_wait_s=totals.retry_wait_s,
        mitigations_report=recorder.trajectory.mitigations_report if recorder is not None else {},
    )  # fmt: skip
    try:
        if plan.result_path is not None:
            result.save(plan.result_path)
    except EnvironmentFailure as exc:
        failure = failure or exc
    if failure is not None:
        raise failure
    return result
