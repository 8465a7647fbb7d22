"""`cagent run-task`: the drop-in launcher for harnesses that run a scaffold inside the task container.

Everything comes from the environment, as such harnesses pass it:
PROMPT (the task), LLM_MODEL, LLM_API_KEY, LLM_BASE_URL, SYSTEM_GUIDANCE (appended to the system prompt),
TRAJECTORY_DIR (default ./.cagent), CAGENT_STEPS / CAGENT_COST_USD / CAGENT_WALL_S (budgets), CAGENT_ISOLATION,
CAGENT_MITIGATIONS (which mitigations are on: all by default), CAGENT_CONTEXT_WINDOW (tokens the model's server
accepts; default litellm's figure, the server's /models listing, else 128k).
The current directory is the workspace. Exit 0 whenever the task ran, whatever its outcome.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from agent.budget import Budget
from agent.commands.execution import execute, print_result
from agent.console import fail
from agent.isolation_option import ISOLATION_HELP, choose_isolation
from agent.mitigation_options import MITIGATIONS_HELP, choose_mitigations
from agent.tasks import plan_from_prompt


def _budget() -> Budget:
    values = {
        key: float(raw) if key != "steps" else int(raw)
        for key, variable in (("steps", "CAGENT_STEPS"), ("cost_usd", "CAGENT_COST_USD"), ("wall_s", "CAGENT_WALL_S"))
        if (raw := os.environ.get(variable))
    }
    return Budget(**values)


def _context_window() -> int | None:
    raw = os.environ.get("CAGENT_CONTEXT_WINDOW")
    if not raw:
        return None
    if not raw.strip().isdigit() or int(raw) < 1:
        raise fail(f"CAGENT_CONTEXT_WINDOW: must be a positive number of tokens, not {raw!r}")
    return int(raw)


def run_task_command(
    isolation: Annotated[str | None, typer.Option(help=ISOLATION_HELP)] = None,
    no_plan: Annotated[bool, typer.Option("--no-plan", help="constraint-first planning off")] = False,
    no_retrieval: Annotated[bool, typer.Option("--no-retrieval", help="convention retrieval off")] = False,
    no_schema: Annotated[bool, typer.Option("--no-schema", help="schema and skeleton pre-creation off")] = False,
    no_verifier: Annotated[bool, typer.Option("--no-verifier", help=f"verifier off; {MITIGATIONS_HELP}")] = False,
    planner_model: Annotated[str | None, typer.Option(help="the planner's model (default: LLM_MODEL)")] = None,
    verifier_model: Annotated[str | None, typer.Option(help="the verifier's reviewer (default: LLM_MODEL)")] = None,
) -> None:
    """Run one task from environment variables in the current directory (for container harnesses).

    Reads PROMPT (the task text) and LLM_MODEL (both required), LLM_API_KEY, LLM_BASE_URL, SYSTEM_GUIDANCE
    (appended to the system prompt), TRAJECTORY_DIR (default ./.cagent), CAGENT_STEPS, CAGENT_COST_USD and
    CAGENT_WALL_S (budgets), CAGENT_ISOLATION, CAGENT_MITIGATIONS (which mitigations are on) and
    CAGENT_CONTEXT_WINDOW (tokens the model's server accepts). Exit 0 whenever the task ran.
    """
    prompt, model = os.environ.get("PROMPT"), os.environ.get("LLM_MODEL")
    if not prompt:
        raise fail("PROMPT is not set (the task text)")
    if not model:
        raise fail("LLM_MODEL is not set (a litellm model string)")
    try:
        budget = _budget()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(f"bad budget variable ({first['loc'][0]}): {first['msg']}") from None
    except ValueError as exc:
        raise fail(f"bad budget variable: {exc}") from None
    workspace = Path.cwd()
    records = Path(os.environ.get("TRAJECTORY_DIR") or workspace / ".cagent")
    plan = plan_from_prompt(
        prompt, workdir=workspace, framework=None, budget=budget, workspace=workspace, trajectory_dir=records,
        guidance=os.environ.get("SYSTEM_GUIDANCE"),
    )  # fmt: skip
    switched_off = {"plan": no_plan, "retrieval": no_retrieval, "schema": no_schema, "verifier": no_verifier}
    plan.mitigations = choose_mitigations(plan.mitigations, switched_off=switched_off)
    models = {"planner_model": planner_model, "verifier_model": verifier_model}
    plan.mitigation_options.update({key: value for key, value in models.items() if value})
    plan.isolation = choose_isolation(isolation)
    window = _context_window()
    base, key = os.environ.get("LLM_BASE_URL"), os.environ.get("LLM_API_KEY")
    result = execute(plan, model, base, key, quiet=True, context_window=window)
    print_result(result)
