"""`cagent report RUNS.db --out DIR`: report.md, report.html (self-contained) and PNG figures of a sweep."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Annotated

import typer

from agent.console import console, fail
from evals.reporting.figures import ablation_figure, decay_figure, framework_figure
from evals.reporting.load import load_records
from evals.reporting.render import html_page, markdown
from evals.reporting.tables import all_tables
from tools.atomic import write_atomic
from tools.environment_failure import EnvironmentFailure


def report_command(
    runs_db: Annotated[Path, typer.Argument(help="the sweep's store (runs.db)")],
    out: Annotated[Path, typer.Option(help="folder for report.md, report.html and the figures")] = Path("report"),
) -> None:
    """Tables of a sweep (scores by level, marginal effects, frameworks, failures, ablation, cost) and figures."""
    if not runs_db.is_file():
        raise fail(f"no such store: {runs_db}")
    try:
        records, counts = load_records(runs_db)
    except sqlite3.DatabaseError as exc:
        raise fail(f"{runs_db} is not a bench store: {exc}") from None
    tables = all_tables(records)
    try:
        out.mkdir(parents=True, exist_ok=True)
        by_key = {table.key: table for table in tables}
        figures = [path for path in (decay_figure(by_key["levels"], out), framework_figure(by_key["frameworks"], out),
                                     ablation_figure(by_key["ablation"], out)) if path is not None]  # fmt: skip
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        header = [f"store: {runs_db}", f"runs: {statuses or 'none'}; tables count the {len(records)} done runs"]
        title = "cagent benchmark report"
        write_atomic(out / "report.md", markdown(title, header, tables, figures))
        write_atomic(out / "report.html", html_page(title, header, tables, figures))
        write_atomic(out / "tables.json", json.dumps([t.model_dump() for t in tables], indent=2))
    except (EnvironmentFailure, OSError) as exc:
        raise fail(getattr(exc, "reason", None) or f"cannot write {out}: {exc}") from None
    console.print(f"report of {len(records)} runs: {out / 'report.md'}, {out / 'report.html'}, "
                  f"{len(figures)} figures", highlight=False)  # fmt: skip
