"""`cagent check`: static compliance of a backend workspace with its task constraints."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from agent.console import console, fail
from planners.compliance.report import ComplianceReport, check_all
from planners.compliance.verdict import Verdict
from planners.constraints import ARCHITECTURES, DATABASES, FRAMEWORKS, ORMS, ConstraintError, ConstraintSet
from tools.atomic import write_atomic
from tools.environment_failure import EnvironmentFailure


def _status(verdict: Verdict) -> str:
    if verdict.compliant:
        return "[green]compliant[/]"
    count = len(verdict.violations)
    return f"[red]{count} violation{'s' if count != 1 else ''}[/]"


def _published(value: bool | None) -> str:
    return "-" if value is None else ("[green]pass[/]" if value else "[red]fail[/]")


def render(report: ComplianceReport, show_evidence: bool) -> None:
    table = Table(title=f"Compliance: {escape(report.constraints.describe())}", title_justify="left")
    for column in ("constraint", "required", "verdict", "warnings", "published verifier"):
        table.add_column(column)
    for verdict in report.verdicts:
        table.add_row(
            verdict.kind,
            verdict.value,
            _status(verdict),
            str(len(verdict.warnings)) if verdict.warnings else "-",
            _published(verdict.published_compliant),
        )
    console.print(table)
    for verdict in report.verdicts:
        for item in verdict.violations:
            console.print(f"[red]x[/] {verdict.kind:<12} {escape(item.where())} {escape(item.reason)}", highlight=False)
        for item in verdict.warnings:
            console.print(
                f"[yellow]![/] {verdict.kind:<12} {escape(item.where())} {escape(item.reason)}", highlight=False
            )
        if show_evidence:
            for line in verdict.evidence:
                console.print(f"[dim]  {verdict.kind:<12} {escape(line)}[/]", highlight=False)
    violations = sum(len(verdict.violations) for verdict in report.verdicts)
    if report.compliant:
        console.print("[bold green]compliant[/]")
    else:
        console.print(f"[bold red]not compliant[/] ({violations} violation{'s' if violations != 1 else ''})")


def check_command(
    path: Annotated[Path, typer.Argument(help="backend workspace to check")],
    framework: Annotated[str, typer.Option(help=f"required framework: {', '.join(FRAMEWORKS)}")],
    architecture: Annotated[str, typer.Option(help=f"{' or '.join(ARCHITECTURES)}")] = "none",
    database: Annotated[str, typer.Option(help=f"{', '.join(DATABASES)}")] = "none",
    orm: Annotated[str, typer.Option(help=f"{', '.join(ORMS)}")] = "none",
    json_out: Annotated[Path | None, typer.Option("--json", help="write the compliance report here")] = None,
    evidence: Annotated[bool, typer.Option(help="also print the evidence behind each verdict")] = False,
) -> None:
    """Check a workspace against its constraints. Exit 0 whenever the check ran, compliant or not."""
    if not path.is_dir():
        raise fail(f"no such directory: {path}")
    try:
        constraints = ConstraintSet(framework=framework, architecture=architecture, database=database, orm=orm)
    except ConstraintError as exc:
        raise fail(str(exc)) from None
    report = check_all(path, constraints)
    render(report, evidence)
    if json_out is not None:
        try:
            write_atomic(json_out, report.model_dump_json(indent=2) + "\n")
        except EnvironmentFailure as exc:
            raise fail(exc.reason) from None
        console.print(f"report written to {escape(str(json_out))}", highlight=False)
