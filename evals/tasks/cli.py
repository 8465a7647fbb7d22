"""`cagent tasks list|show|export|import`: the benchmark's tasks, selected by level, framework, constraint, kind."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from agent.console import console, fail
from evals.tasks.catalog import SelectorError, find_task, imported_dir, select_tasks
from evals.tasks.export import export_tasks
from evals.tasks.model import BenchTask
from evals.tasks.published import TaskFileError, load_task_file, task_files
from tools.atomic import write_atomic
from tools.environment_failure import EnvironmentFailure

ACTIONS = ("list", "show", "export", "import")


def _selector(level: str | None, framework: str | None, constraint: str | None, kind: str | None) -> dict:
    wanted: dict[str, list[str]] = {}
    for key, value in (("level", level), ("framework", framework), ("constraint", constraint), ("kind", kind)):
        if value:
            wanted[key] = [v.strip().lower() for v in value.split(",") if v.strip()]
    return wanted


def _print_table(tasks: list[BenchTask]) -> None:
    table = Table(title=f"{len(tasks)} tasks", title_justify="left")
    for column in ("name", "kind", "level", "framework", "constraints"):
        table.add_column(column, justify="right" if column == "level" else "left")
    for task in tasks:
        table.add_row(task.name, task.kind, f"L{task.level}", task.framework, ", ".join(task.constraint_names) or "-")
    console.print(table)


def _show(task: BenchTask, as_json: bool) -> None:
    if as_json:
        print(json.dumps({**task.summary(), **task.model_dump(mode="json", exclude={"constraints"})}, indent=2))
        return
    lines = (
        f"[bold]{task.name}[/]  {task.kind}, L{task.level}, {task.framework} ({task.language})",
        f"constraints: {', '.join(task.constraint_names) or 'none'}   source: {task.source}",
        f"port {task.port}, base {task.base_url}, health {task.health_check}; run: {' && '.join(task.run_cmds)}",
    )
    for line in lines:
        console.print(line, highlight=False)
    console.print()
    console.print(task.prompt, markup=False, highlight=False)


def _import(folder: Path, repos: Path | None) -> None:
    if not folder.is_dir():
        raise fail(f"no such folder: {folder}")
    files = task_files(folder)
    if not files:
        raise fail(f"no task files (*.json) under {folder}")
    try:
        tasks = [load_task_file(path, repos) for path in files]  # all or nothing: a bad file imports none
    except TaskFileError as exc:
        raise fail(str(exc)) from None
    target = imported_dir()
    try:
        for task in tasks:
            write_atomic(target / f"{task.name}.json", task.model_dump_json(indent=2))
    except EnvironmentFailure as exc:
        raise fail(exc.reason) from None
    console.print(f"imported {len(tasks)} tasks into {target}", highlight=False)


def tasks_command(
    action: Annotated[str, typer.Argument(help="list, show NAME, export, or import DIR")] = "list",
    target: Annotated[str | None, typer.Argument(help="the task name (show) or folder of task files (import)")] = None,
    level: Annotated[str | None, typer.Option(help="levels, e.g. 3 or 0,1")] = None,
    framework: Annotated[str | None, typer.Option(help="frameworks, e.g. flask,express")] = None,
    constraint: Annotated[str | None, typer.Option(help="constraints all present, e.g. postgres,sqlalchemy")] = None,
    kind: Annotated[str | None, typer.Option(help="greenfield or feature")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
    out: Annotated[Path | None, typer.Option(help="export: folder for the task files")] = None,
    repos: Annotated[Path | None, typer.Option(help="import: folder holding feature tasks' repositories")] = None,
) -> None:
    """The benchmark's tasks: list, show one, export them as task files, or import published task files."""
    if action not in ACTIONS:
        raise fail(f"unknown action {action!r}; choose {', '.join(ACTIONS)}")
    if action == "import":
        if target is None:
            raise fail("import needs the folder of task files: cagent tasks import DIR")
        _import(Path(target), repos)
        return
    if action == "show":
        task = find_task(target or "")
        if task is None:
            raise fail(f"no task {target!r}; `cagent tasks list` shows them" if target else "show needs a task name")
        _show(task, as_json)
        return
    try:
        tasks = select_tasks(_selector(level, framework, constraint, kind))
    except SelectorError as exc:
        raise fail(str(exc)) from None
    if action == "export":
        if out is None:
            raise fail("export needs --out DIR")
        try:
            written = export_tasks(tasks, out)
        except EnvironmentFailure as exc:
            raise fail(exc.reason) from None
        console.print(f"wrote {len(written)} task files to {out}", highlight=False)
        return
    if as_json:
        print(json.dumps([task.summary() for task in tasks], indent=2))
    else:
        _print_table(tasks)
