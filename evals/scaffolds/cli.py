"""`cagent scaffolds list|install NAME`: the scaffolds the bench can run, and their own virtualenvs."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from agent.console import console, fail
from evals.scaffolds.base import ScaffoldUnavailable
from evals.scaffolds.venvs import ScaffoldPackage, install, installed, venv_dir

ACTIONS = ("list", "install")


def _packages() -> dict[str, ScaffoldPackage]:
    from evals.scaffolds.mini_swe import PACKAGE as MINI
    from evals.scaffolds.openhands import PACKAGE as OPENHANDS

    return {MINI.name: MINI, OPENHANDS.name: OPENHANDS}


def scaffolds_command(
    action: Annotated[str, typer.Argument(help="list, or install NAME")] = "list",
    name: Annotated[str | None, typer.Argument(help="the scaffold to install: mini-swe-agent or openhands")] = None,
) -> None:
    """The scaffolds the bench runs; `install` makes an external scaffold's pinned virtualenv with uv."""
    packages = _packages()
    if action not in ACTIONS:
        raise fail(f"unknown action {action!r}; choose {', '.join(ACTIONS)}")
    if action == "install":
        if name not in packages:
            raise fail(f"install needs a scaffold with a virtualenv: {', '.join(packages)}")
        package = packages[name]
        console.print(f"installing {package.requirement} into {venv_dir(package)}", highlight=False)
        try:
            script = install(package)
        except ScaffoldUnavailable as exc:
            raise fail(str(exc)) from None
        console.print(f"installed: {script}", highlight=False)
        return
    table = Table(title="scaffolds", title_justify="left")
    for column in ("name", "model", "runs", "installed"):
        table.add_column(column)
    table.add_row("cagent", "needed", "in process, any mitigations", "yes")
    for package in packages.values():
        where = installed(package)
        table.add_row(package.name, "needed", f"{package.requirement}, own virtualenv", str(where) if where else "no")
    table.add_row("none", "-", "empty workspace or a reference backend", "yes")
    console.print(table)
