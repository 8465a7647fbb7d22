"""`cagent solve`: run the agent on a spec, or on a free-text task file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from agent.budget import Budget
from agent.cli import app, console, fail
from agent.environment_failure import EnvironmentFailure
from agent.isolation_option import ISOLATION_HELP, choose_isolation
from agent.live import LiveView
from agent.models import make_model
from agent.models.base import ModelError
from agent.result import RunResult
from agent.session import RunPlan, run_agent
from agent.spec import SpecError, load_spec
from agent.tasks import plan_from_prompt, plan_from_spec
from agent.trajectory import load_trajectory
from planners.constraints.model import FRAMEWORKS
from tools.databases import DatabaseUnavailable
from tools.sandbox.factory import sandbox_class

OFFLINE_PREFIXES = ("scripted:", "replay:")


def build_model(name: str, api_base: str | None, api_key: str | None):  # type: ignore[no-untyped-def]
    """The model, after checking its credentials (one clear line when a key is missing)."""
    if not name.startswith(OFFLINE_PREFIXES):
        from agent.models.credentials import check_credentials  # imports litellm: only when a real model is used

        check_credentials(name, api_base, api_key)
    return make_model(name, api_base=api_base, api_key=api_key)


def offline_model_relative_to(model_name: str, folder: Path) -> str:
    """`scripted:FILE` / `replay:FILE` in a spec name a file next to the spec, unless it exists from here."""
    for prefix in OFFLINE_PREFIXES:
        if model_name.startswith(prefix):
            target = Path(model_name.removeprefix(prefix))
            if not target.is_absolute() and not target.exists() and (folder / target).exists():
                return f"{prefix}{folder / target}"
    return model_name


def execute(plan: RunPlan, model_name: str, api_base: str | None, api_key: str | None, quiet: bool) -> RunResult:
    try:
        model = build_model(model_name, api_base, api_key)
    except (ModelError, ValueError, FileNotFoundError) as exc:
        raise fail(str(exc)) from None
    try:
        if quiet:
            return run_agent(plan, model)
        with LiveView(console, plan.budget, f"cagent · {plan.task_info.get('name')} · {model.name}") as view:
            result = run_agent(plan, model, on_step=view.on_step)
        console.print()
        return result
    except DatabaseUnavailable as exc:
        raise fail(str(exc)) from None
    except EnvironmentFailure as exc:  # full disk, unwritable directory, no git: recorded as far as possible
        raise fail(exc.reason) from None
    except OSError as exc:  # the workspace cannot be created or written
        raise fail(f"cannot use {plan.workspace}: {exc.strerror or exc}") from None


def check_sandbox(kind: str) -> None:
    """An unusable sandbox is bad input, found before any work starts."""
    try:
        sandbox_class(kind)
    except ValueError as exc:
        raise fail(str(exc)) from None
    if kind == "docker":
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
        if status == "submitted":
            raise fail(f"nothing to resume: the run in {workdir} was submitted; --force starts over")
        return
    if plan.trajectory_path.exists() or (plan.workspace.exists() and any(plan.workspace.iterdir())):
        if not force:
            raise fail(f"{workdir} already holds a run: --resume continues it, --force starts over (deleting it)")
        shutil.rmtree(plan.workspace, ignore_errors=True)
        for name in ("trajectory.json", "result.json"):
            (workdir / name).unlink(missing_ok=True)


def print_result(result: RunResult) -> None:
    colour = "green" if result.status == "submitted" else "yellow"
    console.print(
        f"[{colour}]{result.status}[/]: {result.reason}\n"
        f"steps {result.steps}  tokens {result.prompt_tokens}+{result.completion_tokens}  "
        f"cost ${result.cost_usd:.4f}  wall {result.wall_s:.1f} s\n"
        f"workspace {result.workspace} (commit {str(result.final_commit)[:10]})\ntrajectory {result.trajectory}"
    )


@app.command("solve")
def solve_command(
    spec: Annotated[Path | None, typer.Argument(help="task spec (YAML)")] = None,
    model: Annotated[str | None, typer.Option(help="litellm model string, scripted:FILE or replay:FILE")] = None,
    workdir: Annotated[Path | None, typer.Option(help="run directory (workspace, trajectory, result)")] = None,
    task_file: Annotated[Path | None, typer.Option(help="a free-text task (markdown) instead of a spec")] = None,
    framework: Annotated[str | None, typer.Option(help="framework, with --task-file")] = None,
    api_base: Annotated[str | None, typer.Option(help="OpenAI-compatible server URL (vLLM, Ollama, ...)")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key (default: the provider's environment variable)")] = None,
    steps: Annotated[int | None, typer.Option(help="step budget (overrides the spec)")] = None,
    resume: Annotated[bool, typer.Option(help="continue a run after its last recorded model turn")] = False,
    force: Annotated[bool, typer.Option(help="start over in a run directory that already holds a run")] = False,
    sandbox: Annotated[str, typer.Option(help="where commands run: local, docker, or a dotted class path")] = "local",
    isolation: Annotated[str | None, typer.Option(help=ISOLATION_HELP)] = None,
    quiet: Annotated[bool, typer.Option(help="no live view")] = False,
) -> None:
    """Run the agent: on a spec (`cagent solve spec.yaml`) or a free-text task (`--task-file`)."""
    if (spec is None) == (task_file is None):
        raise fail("give either a spec file or --task-file PROMPT.md")
    if spec is not None:
        overrides = {"model": model, "workdir": str(workdir) if workdir else None}
        if steps is not None:
            overrides["budget.steps"] = steps
        try:
            loaded = load_spec(spec, overrides)
        except (SpecError, OSError) as exc:
            raise fail(str(exc)) from None
        model_name = model or offline_model_relative_to(loaded.model, spec.resolve().parent)
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
    plan.sandbox = sandbox
    check_sandbox(sandbox)
    plan.isolation = choose_isolation(isolation)
    claim_workdir(plan, force=force)
    print_result(execute(plan, model_name, api_base, api_key, quiet))
