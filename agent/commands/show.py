"""`cagent show`: a run in the terminal or as one HTML page; several runs (or a bench directory) side by side."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.console import console, fail
from agent.render_trajectory import print_run
from agent.viewer.compare import compare_page, table
from agent.viewer.page import run_page
from agent.viewer.record import RunViewError, find_runs, load_run
from tools.atomic import write_atomic
from tools.environment_failure import EnvironmentFailure


def show_command(
    runs: Annotated[
        list[Path],
        typer.Argument(help="run directories (or trajectory.json files), or a directory holding runs (a bench's)"),
    ],
    html_out: Annotated[Path | None, typer.Option("--html", help="write a self-contained HTML page here")] = None,
) -> None:
    """Render a run: its prompts, configuration, score, final diff and steps. Several runs: side by side."""
    found = find_runs(runs)
    if not found:
        missing = next((p for p in runs if not p.exists()), runs[0])
        raise fail(f"no such trajectory: {missing / 'trajectory.json' if missing.is_dir() else missing}")
    single = len(found) == 1 and len(runs) == 1 and found[0] == runs[0]
    try:
        views = [load_run(path, with_diff=single) for path in found]
    except RunViewError as exc:
        raise fail(str(exc)) from None
    if html_out is not None:
        try:
            write_atomic(html_out, run_page(views[0]) if single else compare_page(views))
        except EnvironmentFailure as exc:
            raise fail(exc.reason) from None
        console.print(f"written {html_out}")
        return
    if single:
        print_run(views[0], console)
    else:
        console.print(table(views))
