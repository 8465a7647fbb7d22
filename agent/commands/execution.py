"""Running a planned task and printing how it ended: shared by `cagent solve` and `cagent run-task`."""

from __future__ import annotations

from agent.console import console, fail
from agent.live import LiveView
from agent.mitigations import MitigationInputError
from agent.models import make_model
from agent.models.base import Model, ModelError
from agent.result import RunResult
from agent.session import RunPlan, run_agent
from tools.databases import DatabaseUnavailable
from tools.environment_failure import EnvironmentFailure

OFFLINE_PREFIXES = ("scripted:", "replay:")


def build_model(name: str, api_base: str | None, api_key: str | None, context_window: int | None = None) -> Model:
    """The model, after checking its credentials (one clear line when a key is missing)."""
    if not name.startswith(OFFLINE_PREFIXES):
        from agent.models.credentials import check_credentials  # imports litellm: only when a real model is used

        check_credentials(name, api_base, api_key)
    stated = {} if context_window is None else {"context_window": context_window}  # else the model's own figure
    return make_model(name, api_base=api_base, api_key=api_key, **stated)


def execute(
    plan: RunPlan,
    model_name: str,
    api_base: str | None,
    api_key: str | None,
    quiet: bool,
    context_window: int | None = None,
) -> RunResult:
    """Run `plan` with the named model (a live view unless `quiet`); what the user can fix is one line, exit 2."""
    try:
        model = build_model(model_name, api_base, api_key, context_window)
    except (ModelError, ValueError, FileNotFoundError) as exc:
        raise fail(str(exc)) from None
    try:
        if quiet:
            return run_agent(plan, model)
        with LiveView(console, plan.budget, f"cagent · {plan.task_info.get('name')} · {model.name}") as view:
            result = run_agent(plan, model, on_step=view.on_step)
        console.print()
        return result
    except (DatabaseUnavailable, MitigationInputError) as exc:
        raise fail(str(exc)) from None
    except EnvironmentFailure as exc:  # full disk, unwritable directory, no git: recorded as far as possible
        raise fail(exc.reason) from None
    except OSError as exc:  # the workspace cannot be created or written
        raise fail(f"cannot use {plan.workspace}: {exc.strerror or exc}") from None


def print_result(result: RunResult) -> None:
    """How the run ended, what it cost, and where its workspace and trajectory are."""
    colour = "green" if result.status == "submitted" else "yellow"  # submitted_unverified is a warning
    console.print(
        f"[{colour}]{result.status}[/]: {result.reason}\n"
        f"steps {result.steps}  tokens {result.prompt_tokens}+{result.completion_tokens}  "
        f"cost ${result.cost_usd:.4f}  wall {result.wall_s:.1f} s\n"
        f"workspace {result.workspace} (commit {str(result.final_commit)[:10]})\ntrajectory {result.trajectory}"
    )
