"""`cagent solve`: run the agent on a spec, or on a free-text task file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from agent.budget import Budget
from agent.commands.execution import OFFLINE_PREFIXES, execute, print_result
from agent.commands.score_after_run import score_run
from agent.console import fail
from agent.isolation_option import ISOLATION_HELP, choose_isolation
from agent.mitigation_options import MITIGATIONS_HELP, choose_mitigations
from agent.session import RunPlan
from agent.spec import SpecError, load_spec
from agent.tasks import plan_from_prompt, plan_from_spec
from agent.trajectory import load_trajectory
from planners.constraints.model import FRAMEWORKS
from tools.components import split_options
from tools.sandbox.factory import sandbox_class

RUN_ERROR = 1  # the exit code of a run that ended in `error`; 2 is bad input, found before any work


def offline_model_relative_to(model_name: str, folder: Path) -> str:
    """`scripted:FILE` / `replay:FILE` in a spec name a file next to the spec, unless it exists from here."""
    for prefix in OFFLINE_PREFIXES:
        if model_name.startswith(prefix):
            path, comma, options = model_name.removeprefix(prefix).partition(",")
            target = Path(path)
            if not target.is_absolute() and not target.exists() and (folder / target).exists():
                return f"{prefix}{folder / target}{comma}{options}"
    return model_name


def check_sandbox(kind: str) -> None:
    """An unusable sandbox is bad input, found before any work starts."""
    try:
        sandbox_class(kind)
    except ValueError as exc:
        raise fail(str(exc)) from None
    if split_options(kind)[0] == "docker":
        from tools.databases.postgres_docker import docker_client

        if docker_client() is None:
            raise fail("--sandbox docker: no Docker engine is reachable (is the daemon running?)")


def claim_workdir(plan: RunPlan, *, force: bool) -> None:
    """A run directory holds one run: continue it with --resume, or start over with --force."""
    workdir = plan.trajectory_path.parent
    if plan.resume:
        if not plan.trajectory_path.exists():
            raise fail(f"nothing to resume: {plan.trajectory_path} does not exist")
        try:
            status = load_trajectory(plan.trajectory_path).status
        except (OSError, ValueError) as exc:
            raise fail(
                f"cannot resume: {plan.trajectory_path} is not a readable trajectory ({type(exc).__name__})"
            ) from None
        if status in ("submitted", "submitted_unverified"):
            raise fail(f"nothing to resume: the run in {workdir} was submitted; --force starts over")
        return
    if plan.trajectory_path.exists() or (plan.workspace.exists() and any(plan.workspace.iterdir())):
        if not force:
            raise fail(f"{workdir} already holds a run: --resume continues it, --force starts over (deleting it)")
        shutil.rmtree(plan.workspace, ignore_errors=True)
        for name in ("trajectory.json", "result.json"):
            (workdir / name).unlink(missing_ok=True)


def solve_command(
    ctx: typer.Context,
    spec: Annotated[Path | None, typer.Argument(help="task spec (YAML)")] = None,
    model: Annotated[str | None, typer.Option(help="litellm model string, scripted:FILE or replay:FILE")] = None,
    workdir: Annotated[Path | None, typer.Option(help="run directory (workspace, trajectory, result)")] = None,
    task_file: Annotated[Path | None, typer.Option(help="a free-text task (markdown) instead of a spec")] = None,
    framework: Annotated[str | None, typer.Option(help="framework, with --task-file")] = None,
    api_base: Annotated[str | None, typer.Option(help="OpenAI-compatible server URL (vLLM, Ollama, ...)")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key (default: the provider's environment variable)")] = None,
    steps: Annotated[int | None, typer.Option(help="step budget (overrides the spec)")] = None,
    context_window: Annotated[
        int | None, typer.Option(help="tokens the model's server accepts (overrides the spec)")
    ] = None,
    resume: Annotated[bool, typer.Option(help="continue a run after its last recorded model turn")] = False,
    force: Annotated[bool, typer.Option(help="start over in a run directory that already holds a run")] = False,
    sandbox: Annotated[str, typer.Option(help="where commands run: local, docker, or a dotted class path")] = "local",
    isolation: Annotated[str | None, typer.Option(help=ISOLATION_HELP)] = None,
    quiet: Annotated[bool, typer.Option(help="no live view")] = False,
    no_plan: Annotated[bool, typer.Option("--no-plan", help="constraint-first planning off")] = False,
    no_retrieval: Annotated[bool, typer.Option("--no-retrieval", help="convention retrieval off")] = False,
    no_schema: Annotated[bool, typer.Option("--no-schema", help="schema and skeleton pre-creation off")] = False,
    no_verifier: Annotated[bool, typer.Option("--no-verifier", help=f"verifier off; {MITIGATIONS_HELP}")] = False,
    planner_model: Annotated[str | None, typer.Option(help="the planner's model (default: the run's)")] = None,
    verifier_model: Annotated[str | None, typer.Option(help="the verifier's reviewer (default: the run's)")] = None,
    score: Annotated[bool, typer.Option("--eval", help="score the workspace with `cagent eval` at the end")] = False,
) -> None:
    """Run the agent: on a spec (`cagent solve spec.yaml`) or a free-text task (`--task-file`)."""
    if (spec is None) == (task_file is None):
        raise fail("give either a spec file or --task-file PROMPT.md")
    if context_window is not None and context_window < 1:
        raise fail(f"--context-window: must be a positive number of tokens, not {context_window}")
    window = context_window
    if spec is not None:
        overrides = {
            "model": model, "workdir": str(workdir) if workdir else None, "context_window": context_window,
            "planner_model": planner_model, "verifier_model": verifier_model,
        }  # fmt: skip
        if steps is not None:
            overrides["budget.steps"] = steps
        try:
            loaded = load_spec(spec, overrides)
        except (SpecError, OSError) as exc:
            raise fail(str(exc)) from None
        model_name = model or offline_model_relative_to(loaded.model, spec.resolve().parent)
        window = loaded.context_window
        plan = plan_from_spec(loaded, resume=resume, source=spec)
    else:
        assert task_file is not None
        if not task_file.is_file():
            raise fail(f"no such task file: {task_file}")
        if framework is not None and framework not in FRAMEWORKS:
            raise fail(f"unknown framework {framework!r}; choose one of {', '.join(FRAMEWORKS)}")
        if model is None or workdir is None:
            raise fail("--task-file needs --model and --workdir")
        try:
            budget = Budget() if steps is None else Budget(steps=steps)
        except ValidationError as exc:
            raise fail(f"--steps: {exc.errors()[0]['msg']}") from None
        plan = plan_from_prompt(
            task_file.read_text(), workdir=workdir, framework=framework, budget=budget, source=task_file
        )
        plan.resume, model_name = resume, model
        models = {"planner_model": planner_model, "verifier_model": verifier_model}
        plan.mitigation_options.update({key: value for key, value in models.items() if value})
    switched_off = {"plan": no_plan, "retrieval": no_retrieval, "schema": no_schema, "verifier": no_verifier}
    plan.mitigations = choose_mitigations(plan.mitigations, switched_off=switched_off)
    plan.sandbox = sandbox
    check_sandbox(sandbox)
    plan.isolation = choose_isolation(isolation)
    claim_workdir(plan, force=force)
    result = execute(plan, model_name, api_base, api_key, quiet, context_window=window)
    print_result(result)
    if score:
        score_run(ctx, plan.trajectory_path.parent, result.status, isolation, quiet)
    if result.status == "error":  # scripts and the bench runner tell a failed run from a finished one
        raise typer.Exit(RUN_ERROR)
