"""One evaluation: fresh database, install, start, health check, suites, teardown; timed by phase."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from pydantic import BaseModel, Field

from evals import interrupts
from evals.classify import classify
from evals.classify.formats.eval_result import record_of
from evals.exception_log import RequestWindow, tie
from evals.faults import derive_fault
from evals.results import EvalResult, InstallInfo, RequestLimits, RequestOutcome, StartupInfo, SuiteResult
from evals.suites.base import Suite
from evals.transport import BoundedClient
from planners.compliance.report import check_all
from planners.compliance.runtime import runtime_database_evidence
from planners.constraints import ConstraintSet
from tools.apps import AppLimits, AppProcess, StartupFailure, plan_start
from tools.apps.box_view import app_box_view
from tools.apps.environment import app_environment, new_marker
from tools.apps.install import install_dependencies
from tools.apps.process import HEALTH_PATH, sweep_orphans
from tools.apps.task_start import SUITE_API_BASE, task_start_plan
from tools.databases import DatabaseProvider, ProvisionedDatabase
from tools.isolation.mode import IsolationChoice, resolve_isolation
from tools.procs.ports import free_port, port_accepts
from tools.procs.scratch import owned_scratch_dir, remove_dead_owners

REQUEST_TIMEOUT_S = 10.0  # total time per request, as newman's --timeout-request
MAX_BODY_MB = 16
SCRATCH_PREFIX = "cagent-eval-"


class EvalOptions(BaseModel):
    limits: AppLimits = Field(default_factory=AppLimits)
    constraints: ConstraintSet | None = None  # when given: compliance checks and strict A%
    strict_bind: bool = False
    request_timeout_s: float = Field(REQUEST_TIMEOUT_S, gt=0, description="total time per request")
    idle_timeout_s: float = Field(REQUEST_TIMEOUT_S, gt=0, description="longest wait of one read or write")
    max_body_mb: int = Field(MAX_BODY_MB, gt=0, description="largest response body read")
    keep_log: Path | None = None
    task: str | None = None
    scaffold: str | None = None
    model: str | None = None
    trial: int | None = None
    # Whether the app runs in a bubblewrap box (tools.isolation); `auto` by default.
    isolation: IsolationChoice = Field(default_factory=resolve_isolation)
    # The app's Python (a version or a path; tools.apps.interpreter), when the workspace names none.
    python: str | None = None
    # An imported task's own way to run: its shell commands (run in order, the last one serving) instead
    # of ./run.sh, and the fixed port it listens on instead of a free one given as $PORT.
    run_cmds: list[str] | None = None
    port: int | None = Field(None, gt=0, lt=65536)
    # Its setup commands: dependency installs are the harness's own install (a virtualenv or npm over the
    # shared caches, outside the app's box); the others (`chmod +x run.sh`) run before the run commands.
    setup_cmds: list[str] | None = None
    health_path: str = Field(HEALTH_PATH, pattern=r"^/")  # what the start waits for (a task may name its own)
    # Where the app serves the API the suites address as /api (an imported task's base URL).
    api_base: str = Field(SUITE_API_BASE, pattern=r"^/")

    def request_limits(self) -> RequestLimits:
        return RequestLimits(
            max_body_mb=self.max_body_mb,
            request_timeout_s=self.request_timeout_s,
            idle_timeout_s=self.idle_timeout_s,
        )


OnRequest = Callable[[str, RequestOutcome], None]


class EvaluationInterrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM stopped the evaluation; teardown is done and `result` says how far it got."""

    def __init__(self, result: EvalResult) -> None:
        super().__init__(result.fault_detail)
        self.result = result


@contextlib.contextmanager
def _timed(timings: dict[str, float], phase: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[phase] = timings.get(phase, 0.0) + time.perf_counter() - started


def evaluate(
    workspace: Path,
    suites: list[Suite],
    provider: DatabaseProvider | None,
    options: EvalOptions | None = None,
    on_request: OnRequest | None = None,
) -> EvalResult:
    """Score `workspace` with `suites` against a database made for this evaluation alone.

    Raises WorkspaceError when the workspace cannot be run at all; every other outcome, including a
    server that never starts, is a result. A result that does not pass says why (`failure`). An
    interruption (KeyboardInterrupt, or SIGTERM under `interrupts.handle_interrupts`) is raised as
    EvaluationInterrupted once everything is torn down, with the partial result marked `interrupted`.
    """
    try:
        result = _evaluate(workspace, suites, provider, options or EvalOptions(), on_request)
    except EvaluationInterrupted as interrupted:
        interrupted.result.failure = classify(record_of(interrupted.result))
        raise
    if not result.all_passed:
        result.failure = classify(record_of(result))
    return result


def _evaluate(
    workspace: Path,
    suites: list[Suite],
    provider: DatabaseProvider | None,
    options: EvalOptions,
    on_request: OnRequest | None,
) -> EvalResult:
    workspace = workspace.resolve()
    own_way = options.run_cmds
    plan = task_start_plan(workspace, options.setup_cmds or [], own_way) if own_way else plan_start(workspace)
    sweep_orphans()
    remove_dead_owners(SCRATCH_PREFIX)  # left by a harness killed with SIGKILL
    result = EvalResult(
        workspace=str(workspace),
        database=provider.kind if provider else "none",
        task=options.task,
        scaffold=options.scaffold,
        model=options.model,
        trial=options.trial,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        startup=StartupInfo(command=plan.command, source=plan.source),
        isolation=options.isolation.used,
        isolation_requested=options.isolation.requested,
    )
    result.request_limits = options.request_limits()
    if options.constraints is not None:
        result.compliance = check_all(workspace, options.constraints)
    timings: dict[str, float] = {}
    windows: list[RequestWindow] = []  # when each request ran, to tie the log's exceptions to it
    database: ProvisionedDatabase | None = None
    app: AppProcess | None = None
    scratch = owned_scratch_dir(SCRATCH_PREFIX)
    try:
        with _timed(timings, "install"):
            installed = install_dependencies(workspace, plan.language, options.limits.install_s, options.python)
        result.install = InstallInfo(
            ok=installed.ok, skipped=installed.skipped, command=installed.command, log_tail=installed.log_tail,
            python=installed.python, seconds=round(installed.seconds, 3), cache=installed.cache,
        )  # fmt: skip
        if not installed.ok:
            result.startup.reason, result.startup.detail = "install_failed", installed.log_tail[-500:]
            result.suites = [_not_run(suite, "dependencies failed to install") for suite in suites]
            return result
        with _timed(timings, "database"):
            database = _create_database(provider, result)
        if provider is not None and database is None:
            result.suites = [_not_run(suite, f"no database: {result.fault_detail}") for suite in suites]
            return result
        port = options.port or free_port()
        if options.port and port_accepts(port):
            result.startup.reason, result.startup.detail = "port_in_use", f"the task's port {port} is already taken"
            result.fault, result.fault_detail = "infra", f"port {port} in use by another process"
            result.suites = [_not_run(suite, f"port {port} in use") for suite in suites]
            return result
        env = app_environment(
            port=port,
            marker=new_marker(),
            database_env=database.env if database else {},
            install_env=installed.env,
            jwt_secret=secrets.token_hex(16),
        )
        box_view = app_box_view(workspace, installed.env, env) if options.isolation.boxed else None
        app = AppProcess(plan, env, port, options.limits, options.keep_log or scratch / "server.log", box_view=box_view)
        with _timed(timings, "startup"):
            app.start()
            ready = _wait_ready(app, result, options)
        if not ready:
            result.suites = [_not_run(suite, f"server did not start: {result.startup.reason}") for suite in suites]
            return result
        with _timed(timings, "suite"):
            for suite in suites:
                _run_suite(suite, app, options, on_request, result.suites, windows)
        result.limit_violation = app.violation
        _add_runtime_evidence(result, database)
        return result
    except KeyboardInterrupt:
        _mark_interrupted(result, timings)
        raise EvaluationInterrupted(result) from None  # after the teardown below
    finally:
        try:
            # A signal arriving now waits until everything is released.
            with interrupts.shielded(), _timed(timings, "teardown"), contextlib.ExitStack() as teardown:
                # Registered in reverse: the app stops first, then its database goes, then the scratch folder;
                # a failing step does not skip the others.
                teardown.callback(shutil.rmtree, scratch, ignore_errors=True)
                if database is not None and provider is not None:
                    teardown.callback(_drop_database, provider, database, result)
                if app is not None:
                    teardown.callback(_stop_app, app, result, windows)
        except KeyboardInterrupt:
            _mark_interrupted(result, timings)
            raise EvaluationInterrupted(result) from None
        finally:
            for phase, seconds in timings.items():
                setattr(result.timings, phase, round(seconds, 4))


def _mark_interrupted(result: EvalResult, timings: dict[str, float]) -> None:
    phase = next(reversed(timings), "start-up")  # the phase under way is the last one timed
    result.fault, result.fault_detail = "interrupted", f"{interrupts.received() or 'SIGINT'} during {phase}"


def _stop_app(app: AppProcess, result: EvalResult, windows: list[RequestWindow]) -> None:
    exit_code = app.exit_code()  # before stopping it: an app that has already exited crashed
    app.stop()
    result.server_log_tail = app.log_tail()
    result.server_exceptions = tie(app.log_exceptions(), windows)
    result.limit_violation = result.limit_violation or app.violation
    if result.fault is None and (fault := derive_fault(result, exit_code)) is not None:
        result.fault, result.fault_detail = fault


def _create_database(provider: DatabaseProvider | None, result: EvalResult) -> ProvisionedDatabase | None:
    """This evaluation's database; None (and an `infra` fault) when the server cannot make one."""
    if provider is None:
        return None
    try:
        return provider.create("eval")
    except (psycopg.Error, OSError) as exc:
        result.fault, result.fault_detail = "infra", f"database server unavailable: {_first_line(exc)}"
        return None


def _drop_database(provider: DatabaseProvider, database: ProvisionedDatabase, result: EvalResult) -> None:
    """Drop this evaluation's database; a server that died meanwhile is a fault of the run, not a crash."""
    try:
        provider.drop(database)
    except psycopg.OperationalError as exc:
        result.fault, result.fault_detail = "infra", f"database server died: {_first_line(exc)}"
    except (psycopg.Error, OSError) as exc:
        result.fault, result.fault_detail = "infra", f"database {database.name} not dropped: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _add_runtime_evidence(result: EvalResult, database: ProvisionedDatabase | None) -> None:
    """After the suites: did the app really keep its data in the database the harness provisioned?"""
    if result.compliance is None or database is None or database.admin_url is None:
        return
    if result.compliance.constraints.database in ("none", None):
        return
    verdict = runtime_database_evidence(database.admin_url, database.kind)
    result.compliance = result.compliance.with_verdict(verdict)


def _wait_ready(app: AppProcess, result: EvalResult, options: EvalOptions) -> bool:
    try:
        ready = app.wait_ready(options.health_path)
    except StartupFailure as failure:
        result.startup.reason, result.startup.detail = failure.reason, failure.detail
        return False
    result.startup = result.startup.model_copy(
        update={
            "ok": True,
            "port": ready.port,
            "health_status": ready.health_status,
            "bind_addresses": ready.bind_addresses,
            "loopback_only": ready.loopback_only,
            "notes": ready.notes,
        }
    )
    if options.strict_bind and ready.loopback_only:
        # The published harness reaches the app from outside its container, so loopback-only is fatal there.
        result.startup.ok = False
        result.startup.reason = "loopback_only"
        result.startup.detail = f"binds only to {', '.join(ready.bind_addresses)} (--strict-bind)"
        return False
    return True


def _run_suite(
    suite: Suite,
    app: AppProcess,
    options: EvalOptions,
    on_request: OnRequest | None,
    done: list[SuiteResult],
    windows: list[RequestWindow],
) -> None:
    """Run `suite` and append its result to `done`; when interrupted, what it had answered so far."""
    partial = SuiteResult(suite=suite.name)

    def record(outcome: RequestOutcome) -> None:
        partial.requests.append(outcome)
        finished = time.monotonic()
        label = f"{outcome.name} {outcome.method} {outcome.path}"
        started = finished - outcome.duration_ms / 1000
        failed_hard = outcome.status is None or outcome.status >= 500
        windows.append(RequestWindow(suite.name, outcome.index, label, started, finished, failed_hard))
        if on_request is not None:
            on_request(suite.name, outcome)

    try:
        with BoundedClient(app.base_url, options.request_limits(), options.api_base) as client:
            done.append(suite.run(client, on_request=record))
    except KeyboardInterrupt:
        done.append(partial)
        raise


def _not_run(suite: Suite, reason: str) -> SuiteResult:
    """The suite run against a port nothing listens on: counted exactly as a dead server is counted."""
    with httpx.Client(base_url=f"http://127.0.0.1:{free_port()}", timeout=2.0) as client:
        result = suite.run(client)
    for outcome in result.requests:
        outcome.error = f"not sent: {reason}"
        outcome.transport_failure = "not_sent"
    return result
