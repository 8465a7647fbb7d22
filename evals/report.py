"""Rendering an evaluation for the terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from evals.results import EvalResult, SuiteResult

MAX_FAILED_ROWS = 40


def _failed_requests_table(suite: SuiteResult) -> Table | None:
    failing = [r for r in suite.requests if r.failed or r.error]
    if not failing:
        return None
    table = Table(title=f"{suite.suite}: requests with failures", title_justify="left", show_lines=False)
    for column in ("#", "request", "status", "passed", "first failure"):
        table.add_column(column, overflow="fold")
    for outcome in failing[:MAX_FAILED_ROWS]:
        first = next((a for a in outcome.assertions if not a.passed), None)
        reason = outcome.error or (f"{first.name}: {first.message}" if first else "")
        table.add_row(
            str(outcome.index),
            f"{outcome.method} {outcome.path}\n[dim]{outcome.name}[/]",
            str(outcome.status) if outcome.status is not None else "-",
            f"{outcome.passed}/{outcome.passed + outcome.failed}",
            reason[:160],
        )
    if len(failing) > MAX_FAILED_ROWS:
        table.caption = f"... and {len(failing) - MAX_FAILED_ROWS} more (see --json)"
    return table


def render(result: EvalResult, console: Console, verbose: bool = True) -> None:
    if verbose:
        for suite in result.suites:
            if table := _failed_requests_table(suite):
                console.print(table)
    summary = Table(title="Conduit evaluation", title_justify="left")
    for column in ("suite", "requests", "passed", "failed", "total", "A%"):
        summary.add_column(column, justify="right" if column != "suite" else "left")
    for suite in result.suites:
        summary.add_row(
            suite.suite, str(len(suite.requests)), str(suite.passed), str(suite.failed), str(suite.total),
            f"{suite.a_pct:.1f}",
        )  # fmt: skip
    summary.add_row(
        "[bold]all[/]", "", str(result.passed), str(result.failed), str(result.total), f"[bold]{result.a_pct:.1f}[/]"
    )
    console.print(summary)
    start = result.startup
    state = "[green]started[/]" if start.ok else f"[red]did not start ({start.reason})[/]: {start.detail or ''}"
    console.print(f"server: {state}  via {start.source}  database: {result.database}")
    if not start.ok and result.server_log_tail.strip():
        tail = "\n".join(result.server_log_tail.strip().splitlines()[-12:])
        console.print("[dim]server log (last lines):[/]")
        console.print(tail, highlight=False, markup=False)
    for note in start.notes:
        console.print(f"  [yellow]note:[/] {note}")
    if result.limit_violation:
        console.print(f"  [red]limit:[/] {result.limit_violation}")
    if result.fault is not None:
        console.print(f"  [red]fault:[/] {result.fault}: {result.fault_detail or ''}", highlight=False)
    t = result.timings
    console.print(
        f"phases (s): install {t.install:.2f}  database {t.database:.3f}  startup {t.startup:.2f}  "
        f"suite {t.suite:.2f}  teardown {t.teardown:.2f}  total {t.total:.2f}"
    )
    if result.failure is not None:
        cause = result.failure.category + (f" / {result.failure.subcategory}" if result.failure.subcategory else "")
        console.print(f"failure: [bold]{cause}[/] (rule {result.failure.rule})", highlight=False)
        for line in result.failure.evidence[:3]:
            console.print(f"  [dim]{line[:200]}[/]", highlight=False, markup=True)
    verdict = "[bold green]PASS[/]" if result.all_passed else "[bold red]FAIL[/]"
    strict = f", strict A% {result.strict_a_pct:.1f}" if result.compliance is not None else ""
    console.print(f"{verdict}  {result.passed}/{result.total} assertions passed (A% {result.a_pct:.1f}{strict})")
