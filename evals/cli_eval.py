"""`cagent eval`: score a backend on the Conduit suites against a fresh database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from agent.console import console, fail
from agent.isolation_option import ISOLATION_HELP, choose_isolation
from evals import interrupts
from evals.cli_check import render as render_compliance
from evals.oracle.newman import NewmanFailed
from evals.references import reference_path
from evals.report import render
from evals.results import EvalResult, RequestLimits, RequestOutcome
from evals.runner import EvalOptions, EvaluationInterrupted, evaluate
from evals.suites.base import Suite
from evals.suites.registry import SUITE_CHOICES, UnknownSuite, load_suite, suite_names
from planners.constraints import ConstraintSet
from tools.apps import AppLimits, WorkspaceError
from tools.apps.interpreter import check_request
from tools.atomic import write_atomic
from tools.components import split_options
from tools.databases import DatabaseProvider, DatabaseUnavailable, open_provider
from tools.environment_failure import EnvironmentFailure

INTERRUPTED = 130  # the shell's code for a run stopped by SIGINT; SIGTERM ends the same way
_OPTION_NAMES = {
    "startup_s": "--startup-timeout",
    "memory_mb": "--memory-mb",
    "max_body_mb": "--max-body-mb",
    "request_timeout_s": "--request-timeout",
}


def _suites(choice: str, oracle: str, collection: Path | None) -> list[Suite]:
    names = suite_names(choice)
    if oracle == "builtin":
        return [load_suite(name) for name in names]
    if oracle != "newman":
        raise UnknownSuite(f"unknown oracle {oracle!r}; choose builtin or newman")
    from evals.oracle.newman import NewmanUnavailable, find_newman
    from evals.oracle.suite import NewmanSuite
    from evals.shared_material import official_postman_collection

    try:
        find_newman()
    except NewmanUnavailable as exc:
        raise UnknownSuite(str(exc)) from None

    path = collection or official_postman_collection()
    if not path.is_file():
        raise UnknownSuite(f"no Postman collection at {path}; pass --collection FILE")
    try:
        json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UnknownSuite(f"{path} is not a Postman collection (JSON): {exc}") from None
    # newman stands in for the built-in Postman port; the Hurl port has no external runner here.
    return [NewmanSuite(path) if name == "postman-v1" else load_suite(name) for name in names]


def _constraints(framework: str | None, architecture: str, database: str, orm: str) -> ConstraintSet | None:
    if framework is None:
        if (architecture, database, orm) != ("none", "none", "none"):
            raise ValueError("constraints need --framework too")
        return None
    return ConstraintSet(framework=framework, architecture=architecture, database=database, orm=orm)


def _database_kind(db: str | None, constraints: ConstraintSet | None) -> str:
    """--db, or the database the task requires; a contradiction between the two is bad input."""
    required = constraints.database if constraints is not None else "none"
    follows = {"postgresql": "postgres", "sqlite": "sqlite"}.get(required)
    if db is None:
        return follows or "postgres"
    if follows and split_options(db)[0] != follows:
        raise ValueError(f"--db {db} contradicts --database {required}")
    return db


def eval_command(
    path: Annotated[
        Path | None, typer.Argument(help="backend workspace (run.sh at its root); default: the bundled reference")
    ] = None,
    db: Annotated[
        str | None, typer.Option(help="database given to the app: postgres, sqlite or none (default: --database)")
    ] = None,
    suite: Annotated[str, typer.Option(help=f"suite to run: {', '.join(SUITE_CHOICES)}")] = "postman-v1",
    oracle: Annotated[str, typer.Option(help="builtin, or newman (the real Postman runner)")] = "builtin",
    collection: Annotated[Path | None, typer.Option(help="Postman collection for --oracle newman")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="write the full result document here")] = None,
    strict_bind: Annotated[bool, typer.Option(help="treat a loopback-only server as a start-up failure")] = False,
    startup_timeout: Annotated[float, typer.Option(help="seconds for the health check to answer")] = 30.0,
    memory_mb: Annotated[int, typer.Option(help="memory limit of the app's processes together")] = 2048,
    max_body_mb: Annotated[int, typer.Option(help="largest response body read; a larger one fails its request")] = 16,
    request_timeout: Annotated[
        float, typer.Option(help="seconds a request may take in all, body included (as newman's --timeout-request)")
    ] = 10.0,
    quiet: Annotated[bool, typer.Option(help="print the summary only")] = False,
    isolation: Annotated[str | None, typer.Option(help=ISOLATION_HELP)] = None,
    framework: Annotated[str | None, typer.Option(help="required framework: check compliance, score strict A%")] = None,
    architecture: Annotated[str, typer.Option(help="required architecture: clean or none")] = "none",
    database: Annotated[str, typer.Option(help="required database: postgresql, sqlite or none")] = "none",
    orm: Annotated[str, typer.Option(help="required ORM: sqlalchemy, sequelize or none")] = "none",
    task: Annotated[str | None, typer.Option(help="task name, recorded in the result")] = None,
    scaffold: Annotated[str | None, typer.Option(help="scaffold that built the backend, recorded")] = None,
    model: Annotated[str | None, typer.Option(help="model that built the backend, recorded")] = None,
    trial: Annotated[int | None, typer.Option(help="trial number, recorded")] = None,
    python: Annotated[
        str | None,
        typer.Option(
            help="the app's Python, a version (3.12) or a path, when the workspace names none (.python-version, "
            "requires-python, runtime.txt); default $CAGENT_APP_PYTHON, else the newest 3.12 found"
        ),
    ] = None,
) -> None:
    """Score a backend on the Conduit suites against a fresh database. Exit 0 whenever it ran.

    With constraints (--framework and optionally --architecture/--database/--orm) the workspace is also
    checked for compliance, the database is inspected after the suite, and strict A% is reported.
    SIGINT or SIGTERM stops it cleanly: teardown, the partial result marked `interrupted`, exit 130.
    """
    workspace = path if path is not None else reference_path()
    if not workspace.exists():
        raise fail(f"no such path: {workspace}")
    try:
        constraints = _constraints(framework, architecture, database, orm)
        db_kind = _database_kind(db, constraints)
        limits = AppLimits(startup_s=startup_timeout, memory_mb=memory_mb)
        requests = RequestLimits(max_body_mb=max_body_mb, request_timeout_s=request_timeout)
        suites = _suites(suite, oracle, collection)
        check_request(python)
    except ValidationError as exc:
        first = exc.errors()[0]
        option = _OPTION_NAMES.get(str(first["loc"][0]), "option")
        raise fail(f"{option}: {first['msg']}") from None
    except (UnknownSuite, ValueError, FileNotFoundError) as exc:
        raise fail(str(exc)) from None
    options = EvalOptions(
        limits=limits, strict_bind=strict_bind, constraints=constraints, task=task, scaffold=scaffold, model=model,
        trial=trial, max_body_mb=requests.max_body_mb, request_timeout_s=requests.request_timeout_s,
        isolation=choose_isolation(isolation), python=python,
    )  # fmt: skip
    with interrupts.handle_interrupts():
        try:
            provider = open_provider(db_kind)
        except (ValueError, DatabaseUnavailable) as exc:
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            console.print("interrupted before the evaluation started", highlight=False)
            raise typer.Exit(INTERRUPTED) from None
        result, interrupted = _run(workspace, suites, provider, options, quiet)
    if result.compliance is not None:
        render_compliance(result.compliance, show_evidence=False)
    render(result, console, verbose=not quiet)
    if json_out is not None:
        try:
            write_atomic(json_out, json.dumps(result.model_dump(mode="json", by_alias=True), indent=2))
        except EnvironmentFailure as exc:
            raise fail(exc.reason) from None
        console.print(f"result written to {json_out}")
    if interrupted:
        raise typer.Exit(INTERRUPTED)


def _run(
    workspace: Path, suites: list[Suite], provider: DatabaseProvider | None, options: EvalOptions, quiet: bool
) -> tuple[EvalResult, bool]:
    """The evaluation with a progress bar; (result, interrupted). The provider is closed whatever happens."""
    try:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, transient=True, disable=quiet,
        ) as progress:  # fmt: skip
            tasks = {s.name: progress.add_task(s.name, total=None) for s in suites}

            def advance(suite_name: str, outcome: RequestOutcome) -> None:
                progress.update(tasks[suite_name], advance=1, description=f"{suite_name} {outcome.name[:40]}")

            return evaluate(workspace, suites, provider, options, on_request=advance), False
    except EvaluationInterrupted as stopped:
        return stopped.result, True
    except (WorkspaceError, NewmanFailed) as exc:
        raise fail(str(exc)) from None
    finally:
        if provider is not None:
            with interrupts.shielded():
                provider.close()
