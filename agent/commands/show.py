"""`cagent show`: read a saved trajectory."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from agent.console import console, fail
from agent.render_trajectory import print_trajectory, trajectory_html
from agent.trajectory import load_trajectory
from tools.atomic import write_atomic
from tools.environment_failure import EnvironmentFailure


def show_command(
    trajectory: Annotated[Path, typer.Argument(help="trajectory.json (or a run directory holding one)")],
    html_out: Annotated[Path | None, typer.Option("--html", help="write a self-contained HTML page here")] = None,
) -> None:
    """Render a run's trajectory in the terminal, or as HTML."""
    path = trajectory / "trajectory.json" if trajectory.is_dir() else trajectory
    if not path.is_file():
        raise fail(f"no such trajectory: {path}")
    try:
        loaded = load_trajectory(path)
    except (ValidationError, ValueError) as exc:
        raise fail(f"{path} is not a cagent trajectory: {str(exc).splitlines()[0]}") from None
    if html_out is not None:
        try:
            write_atomic(html_out, trajectory_html(loaded))
        except EnvironmentFailure as exc:
            raise fail(exc.reason) from None
        console.print(f"written {html_out}")
        return
    print_trajectory(loaded, console)
