"""`cagent eval`: score a backend on the Conduit suites: a workspace, a `cagent solve` run, or a running server.

A workspace is installed, started and scored against a fresh database. A run directory is scored the
same way, with the constraints its trajectory records, and keeps its score (eval.json, result.json).
A URL (`--url`, or a positional http:// address) is scored as it runs, without what needs its workspace.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
from evals.run_directory import RunDirectoryError, RunTarget, is_run_directory, read_run, record_score
from evals.runner import EvalOptions, EvaluationInterrupted, OnRequest, evaluate
from evals.running_server import UnreachableServer, evaluate_url, server_root
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


CONSTRAINTS, RECORDED, LIMITS = "Constraints", "Recorded in the result", "Limits"


def _looks_like_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _local_target(path: str | None) -> tuple[Path, RunTarget | None]:
    """The workspace to score, and the run it belongs to when `path` is a run directory."""
    workspace = Path(path) if path is not None else reference_path()
    if not workspace.exists():
        raise fail(f"no such path: {workspace}")
    if not is_run_directory(workspace):
        return workspace, None
    try:
        run = read_run(workspace)
    except RunDirectoryError as exc:
        raise fail(str(exc)) from None
    return run.workspace, run


def _remote_constraints(framework: str | None, architecture: str, database: str, orm: str, db: str | None) -> None:
    """A running server has no workspace to check and keeps its own database: those options are bad input."""
    if framework is not None or (architecture, database, orm) != ("none", "none", "none"):
        raise ValueError("--url scores a running server: compliance needs its workspace (drop the constraint options)")
    if db is not None:
        raise ValueError("--url scores a running server, which keeps its own database: --db does not apply")


def eval_command(
    path: Annotated[
        str | None,
        typer.Argument(
            help="backend workspace (run.sh at its root), a `cagent solve` run directory, or a server's URL; "
            "default: the bundled reference",
            show_default=False,
        ),
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="score a server already running there (e.g. http://127.0.0.1:8080/api)")
    ] = None,
    db: Annotated[
        str | None, typer.Option(help="database given to the app: postgres, sqlite or none (default: --database)")
    ] = None,
    suite: Annotated[str, typer.Option(help=f"suite to run: {', '.join(SUITE_CHOICES)}")] = "postman-v1",
    oracle: Annotated[str, typer.Option(help="builtin, or newman (the real Postman runner)")] = "builtin",
    collection: Annotated[Path | None, typer.Option(help="Postman collection for --oracle newman")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="write the full result document here")] = None,
    strict_bind: Annotated[bool, typer.Option(help="treat a loopback-only server as a start-up failure")] = False,
    startup_timeout: Annotated[
        float, typer.Option(help="seconds for the health check to answer", rich_help_panel=LIMITS)
    ] = 30.0,
    memory_mb: Annotated[
        int, typer.Option(help="memory limit of the app's processes together", rich_help_panel=LIMITS)
    ] = 2048,
    max_body_mb: Annotated[
        int, typer.Option(help="largest response body read; a larger one fails its request", rich_help_panel=LIMITS)
    ] = 16,
    request_timeout: Annotated[
        float,
        typer.Option(
            help="seconds a request may take in all, body included (as newman's --timeout-request)",
            rich_help_panel=LIMITS,
        ),
    ] = 10.0,
    quiet: Annotated[bool, typer.Option(help="print the summary only")] = False,
    isolation: Annotated[str | None, typer.Option(help=ISOLATION_HELP)] = None,
    framework: Annotated[
        str | None,
        typer.Option(
            help="required framework: check compliance, score strict A% (a run directory's own by default)",
            rich_help_panel=CONSTRAINTS,
        ),
    ] = None,
    architecture: Annotated[
        str, typer.Option(help="required architecture: clean or none", rich_help_panel=CONSTRAINTS)
    ] = "none",
    database: Annotated[
        str, typer.Option(help="required database: postgresql, sqlite or none", rich_help_panel=CONSTRAINTS)
    ] = "none",
    orm: Annotated[
        str, typer.Option(help="required ORM: sqlalchemy, sequelize or none", rich_help_panel=CONSTRAINTS)
    ] = "none",
    task: Annotated[str | None, typer.Option(help="task name", rich_help_panel=RECORDED)] = None,
    scaffold: Annotated[
        str | None, typer.Option(help="scaffold that built the backend", rich_help_panel=RECORDED)
    ] = None,
    model: Annotated[str | None, typer.Option(help="model that built the backend", rich_help_panel=RECORDED)] = None,
    trial: Annotated[int | None, typer.Option(help="trial number", rich_help_panel=RECORDED)] = None,
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
    A `cagent solve` run directory brings its own constraints, and its score is written into it.
    --url scores a server that is already running; compliance, runtime database evidence and strict A%
    need the workspace and the harness's database, and are skipped.
    SIGINT or SIGTERM stops it cleanly: teardown, the partial result marked `interrupted`, exit 130.
    """
    if url is not None and path is not None:
        raise fail("give a workspace, a run directory or --url, not several")
    address = url if url is not None else path if path is not None and _looks_like_url(path) else None
    workspace, run = _local_target(path) if address is None else (None, None)
    try:
        if address is not None:
            _remote_constraints(framework, architecture, database, orm, db)
            server_root(address)
        constraints = _constraints(framework, architecture, database, orm)
        if constraints is None and run is not None:
            constraints = run.constraints
        db_kind = _database_kind(db, constraints) if address is None else "none"
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
        limits=limits, strict_bind=strict_bind, constraints=constraints, task=task or (run and run.task),
        scaffold=scaffold or (run and "cagent"), model=model or (run and run.model), trial=trial,
        max_body_mb=requests.max_body_mb, request_timeout_s=requests.request_timeout_s,
        isolation=choose_isolation(isolation), python=python,
    )  # fmt: skip
    if run is not None:
        console.print(_constraints_line(run, constraints, given=framework is not None), highlight=False)
    with interrupts.handle_interrupts():
        if address is not None:
            result, interrupted = _run(lambda on: evaluate_url(address, suites, options, on), suites, None, quiet)
        else:
            assert workspace is not None
            try:
                provider = open_provider(db_kind)
            except (ValueError, DatabaseUnavailable) as exc:
                raise fail(str(exc)) from None
            except KeyboardInterrupt:
                console.print("interrupted before the evaluation started", highlight=False)
                raise typer.Exit(INTERRUPTED) from None
            scored = workspace

            def local(on: OnRequest) -> EvalResult:
                return evaluate(scored, suites, provider, options, on_request=on)

            result, interrupted = _run(local, suites, provider, quiet)
    _report(result, quiet)
    _write(result, json_out, run, interrupted)
    if interrupted:
        raise typer.Exit(INTERRUPTED)


def _constraints_line(run: RunTarget, constraints: ConstraintSet | None, *, given: bool) -> str:
    if constraints is None:
        return (
            f"{run.root}: the run records no constraints, so compliance and strict A% are not checked "
            "(--framework and the other constraint options check them)"
        )
    source = "the command line" if given else f"the run's {run.constraints_from}"
    return (
        f"constraints from {source}: framework {constraints.framework}, architecture {constraints.architecture}, "
        f"database {constraints.database}, orm {constraints.orm}"
    )


def _report(result: EvalResult, quiet: bool) -> None:
    if result.compliance is not None:
        render_compliance(result.compliance, show_evidence=False)
    render(result, console, verbose=not quiet)
    if result.install.cache is not None:
        cached = "from the node_modules cache" if result.install.cache == "hit" else "built by npm, cached"
        console.print(f"install: {cached} in {result.install.seconds:.1f} s", highlight=False)
    for check, reason in result.skipped.items():
        console.print(f"  [yellow]skipped:[/] {check.replace('_', ' ')}: {reason}", highlight=False)


def _write(result: EvalResult, json_out: Path | None, run: RunTarget | None, interrupted: bool) -> None:
    """The --json document, and a run's own record of its score (not for an interrupted evaluation)."""
    try:
        if json_out is not None:
            write_atomic(json_out, json.dumps(result.model_dump(mode="json", by_alias=True), indent=2))
            console.print(f"result written to {json_out}")
        if run is not None and interrupted:
            console.print(f"interrupted: the score is not recorded in {run.root}")
        elif run is not None:
            written = record_score(run, result)
            console.print(f"score recorded in {' and '.join(str(p) for p in written)}")
    except EnvironmentFailure as exc:
        raise fail(exc.reason) from None


def _run(
    evaluation: Callable[[OnRequest], EvalResult], suites: list[Suite], provider: DatabaseProvider | None, quiet: bool
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

            return evaluation(advance), False
    except EvaluationInterrupted as stopped:
        return stopped.result, True
    except (WorkspaceError, NewmanFailed, UnreachableServer) as exc:
        raise fail(str(exc)) from None
    finally:
        if provider is not None:
            with interrupts.shielded():
                provider.close()
