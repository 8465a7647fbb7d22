"""`cagent plan`: the constraints of a task (with the phrase that decided each), its obligations and plan.

`cagent plan spec.yaml` plans the spec's constraints; `cagent plan --task-file PROMPT.md` extracts them
from free text first. `--json` prints one document: `constraints` (framework, architecture, database,
orm), `obligations`, `operations` and what led to them. Offline unless `--planner-model` names a model,
which settles an ambiguous prompt and refines the plan.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from agent.console import console, fail
from agent.models.base import ModelError
from agent.planning_model import PlannerCalls, planner_by_name
from agent.spec import SpecError, load_spec
from planners.constraints.model import FRAMEWORKS
from planners.contracts import ContractError, load_contract
from planners.extraction import AmbiguousTask, Extraction, ExtractionError, extract, spec_extraction
from planners.planning import ConstraintPlan, contract_in_text, make_plan


def _task_file(task_file: Path, framework: str | None, contract: str | None, calls: PlannerCalls | None
               ) -> tuple[Extraction, dict[str, Any] | None]:  # fmt: skip
    if not task_file.is_file():
        raise fail(f"no such task file: {task_file}")
    if framework is not None and framework not in FRAMEWORKS:
        raise fail(f"unknown framework {framework!r}; choose one of {', '.join(FRAMEWORKS)}")
    text = task_file.read_text(encoding="utf-8")
    try:
        extraction = extract(text, framework=framework, resolve=calls.resolve if calls else None,
                             planner=calls.model.name if calls else None)  # fmt: skip
    except AmbiguousTask as exc:
        raise fail(f"{exc} (pass --planner-model to let a model decide, or --framework)") from None
    except ExtractionError as exc:
        raise fail(str(exc)) from None
    try:
        document = load_contract(contract) if contract else contract_in_text(text)
    except ContractError as exc:
        raise fail(str(exc)) from None
    return extraction, document


def _print(plan: ConstraintPlan) -> None:
    decided = Table(title="Constraints", show_lines=False)
    for column in ("field", "value", "decided by", "phrase"):
        decided.add_column(column)
    for name, decision in plan.extraction.decisions.items():
        decided.add_row(name, decision.value, decision.how, decision.phrase or "")
    console.print(decided)
    console.print("[bold]Obligations[/]")
    for item in plan.obligations.items:
        console.print(f"  {item.id}: {item.text}", highlight=False)
    console.print(f"  files: {', '.join(plan.obligations.required_files)}; env: {', '.join(plan.obligations.env)}")
    operations = Table(title=f"Operations ({len(plan.operations)})")
    for column in ("operation", "route", "service", "repositories", "entities"):
        operations.add_column(column)
    for op in plan.operations:
        operations.add_row(f"{op.method} {op.path}", op.route_file, op.service_file or "-",
                           ", ".join(op.repository_files) or "-", ", ".join(op.entities) or "-")  # fmt: skip
    console.print(operations)
    refinement = plan.refinement
    if refinement.planner:
        console.print(f"refinement by {refinement.planner}: {refinement.outcome} after {len(refinement.attempts)} "
                      f"draft(s){': ' + refinement.error if refinement.error else ''}", highlight=False)  # fmt: skip


def plan_command(
    spec: Annotated[Path | None, typer.Argument(help="task spec (YAML)")] = None,
    task_file: Annotated[Path | None, typer.Option(help="a free-text task (markdown) instead of a spec")] = None,
    framework: Annotated[str | None, typer.Option(help="the framework, when the task file does not say")] = None,
    contract: Annotated[str | None, typer.Option(help="contract name or OpenAPI file (default: the task's)")] = None,
    planner_model: Annotated[str | None, typer.Option(help="model that settles ambiguity and refines")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="print the plan as one JSON document")] = False,
) -> None:
    """Print a task's constraints (and the phrase that decided each), its obligations and its plan."""
    if (spec is None) == (task_file is None):
        raise fail("give either a spec file or --task-file PROMPT.md")
    try:
        model = planner_by_name(planner_model) if planner_model else None
    except (ModelError, ValueError) as exc:
        raise fail(f"--planner-model: {exc}") from None
    calls = PlannerCalls(model) if model is not None else None
    if spec is not None:
        try:
            loaded = load_spec(spec)
            extraction, document = spec_extraction(loaded.constraint_set()), loaded.load_contract()
            if contract:
                document = load_contract(contract)
        except (SpecError, ContractError, OSError) as exc:
            raise fail(str(exc)) from None
    else:
        assert task_file is not None
        extraction, document = _task_file(task_file, framework, contract, calls)
    plan = make_plan(extraction, document, ask=calls.refine if calls else None,
                     planner=calls.model.name if calls else None)  # fmt: skip
    if json_output:
        typer.echo(json.dumps(plan.as_json(), indent=2))
    else:
        _print(plan)
