"""`cagent verify`: the verifier's gates (and, with --model, its reviewer) over a workspace, for people."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from agent.console import console, fail
from agent.isolation_option import ISOLATION_HELP, choose_isolation
from agent.models.base import ModelError
from agent.verifier.report import VerifierReport
from agent.verifier.verifier import Verifier, VerifierSetup
from planners.constraints import ARCHITECTURES, DATABASES, FRAMEWORKS, ORMS, ConstraintError, ConstraintSet
from planners.contracts import ContractError, load_contract
from tools.atomic import write_atomic
from tools.databases import DatabaseUnavailable, open_provider
from tools.environment_failure import EnvironmentFailure

_STATUS = {"passed": "[green]passed[/]", "failed": "[red]failed[/]", "skipped": "[dim]skipped[/]"}


def _print(report: VerifierReport) -> None:
    table = Table(title="Verifier", title_justify="left")
    for column in ("gate", "status", "findings", "seconds", "note"):
        table.add_column(column)
    for gate in report.gates:
        table.add_row(
            gate.gate, _STATUS[gate.status], str(len(gate.findings)) or "-", f"{gate.seconds:.2f}", escape(gate.note)
        )
    console.print(table)
    for finding in report.findings:
        where = f" {finding.where()}" if finding.where() else ""
        console.print(f"[red]x[/] {finding.gate:<15}{escape(where)} {escape(finding.message)}", highlight=False)
        if finding.evidence:
            console.print(f"[dim]{escape(finding.evidence)}[/]", highlight=False)
    verdict = "[bold green]passed[/]" if report.passed else f"[bold red]{len(report.findings)} findings[/]"
    console.print(f"{verdict} in {report.seconds:.1f} s")


def verify_command(
    workspace: Annotated[Path, typer.Argument(help="backend workspace to verify")],
    framework: Annotated[str, typer.Option(help=f"required framework: {', '.join(FRAMEWORKS)}")],
    architecture: Annotated[str, typer.Option(help=f"{' or '.join(ARCHITECTURES)}")] = "none",
    database: Annotated[
        str, typer.Option(help=f"{', '.join(DATABASES)}; the app runs on a fresh one (SQLite for none)")
    ] = "none",
    orm: Annotated[str, typer.Option(help=f"{', '.join(ORMS)}")] = "none",
    contract: Annotated[str, typer.Option(help="OpenAPI contract: a bundled name or a file")] = "conduit",
    json_out: Annotated[Path | None, typer.Option("--json", help="write the report here")] = None,
    model: Annotated[str | None, typer.Option(help="also run the reviewer sub-agent with this model")] = None,
    no_run: Annotated[bool, typer.Option("--no-run", help="static gates only: do not install or start")] = False,
    isolation: Annotated[str | None, typer.Option(help=ISOLATION_HELP)] = None,
) -> None:
    """Run the verifier's gates over a workspace. Exit 0 whenever it ran, whatever it found."""
    if not workspace.is_dir():
        raise fail(f"no such directory: {workspace}")
    try:
        constraints = ConstraintSet(framework=framework, architecture=architecture, database=database, orm=orm)
        document = load_contract(contract)
    except (ConstraintError, ContractError) as exc:
        raise fail(str(exc)) from None
    choice = choose_isolation(isolation)
    reviewer = None
    if model is not None:
        from agent.commands.execution import build_model

        try:
            reviewer = build_model(model, None, None)
        except ModelError as exc:
            raise fail(str(exc)) from None
    provider = None
    if not no_run:
        try:
            provider = open_provider("postgres" if constraints.database == "postgresql" else "sqlite")
        except (DatabaseUnavailable, ValueError) as exc:
            raise fail(str(exc)) from None
    try:
        setup = VerifierSetup(
            constraints=constraints, contract=document, provider=provider, isolation=choice,
            reviewer_model=reviewer, review_dir=json_out.parent if json_out else Path.cwd(), run_app=not no_run,
        )  # fmt: skip
        with console.status("verifying"):
            report = Verifier(workspace, setup).verify()
    finally:
        if provider is not None:
            provider.close()
    _print(report)
    if json_out is not None:
        try:
            write_atomic(json_out, report.model_dump_json(indent=2) + "\n")
        except EnvironmentFailure as exc:
            raise fail(exc.reason) from None
        console.print(f"report written to {escape(str(json_out))}", highlight=False)
