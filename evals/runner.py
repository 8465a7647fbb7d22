"""One evaluation: fresh database, install, start, health check, suites, teardown; timed by phase."""

from __future__ import annotations

import contextlib
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
from pydantic import BaseModel, Field

from evals.classify import classify
from evals.classify.eval_format import record_of
from evals.results import EvalResult, InstallInfo, RequestOutcome, StartupInfo, SuiteResult
from evals.suites.base import Suite
from evals.transport import GuardedTransport
from planners.compliance.report import check_all
from planners.compliance.runtime import runtime_database_evidence
from planners.constraints import ConstraintSet
from tools.apps import AppLimits, AppProcess, StartupFailure, plan_start
from tools.apps.environment import app_environment, new_marker
from tools.apps.install import install_dependencies
from tools.apps.process import sweep_orphans
from tools.databases import DatabaseProvider, ProvisionedDatabase
from tools.procs.ports import free_port

REQUEST_TIMEOUT_S = 10.0


class EvalOptions(BaseModel):
    limits: AppLimits = Field(default_factory=AppLimits)
    constraints: ConstraintSet | None = None  # when given: compliance checks and strict A%
    strict_bind: bool = False
    request_timeout_s: float = REQUEST_TIMEOUT_S
    keep_log: Path | None = None
    task: str | None = None
    scaffold: str | None = None
    model: str | None = None
    trial: int | None = None


OnRequest = Callable[[str, RequestOutcome], None]


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
    server that never starts, is a result. A result that does not pass says why (`failure`).
    """
    result = _evaluate(workspace, suites, provider, options or EvalOptions(), on_request)
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
    plan = plan_start(workspace)
    sweep_orphans()
    result = EvalResult(
        workspace=str(workspace),
        database=provider.kind if provider else "none",
        task=options.task,
        scaffold=options.scaffold,
        model=options.model,
        trial=options.trial,
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        startup=StartupInfo(command=plan.command, source=plan.source),
    )
    if options.constraints is not None:
        result.compliance = check_all(workspace, options.constraints)
    timings: dict[str, float] = {}
    database: ProvisionedDatabase | None = None
    app: AppProcess | None = None
    scratch = Path(tempfile.mkdtemp(prefix="cagent-eval-"))
    try:
        with _timed(timings, "install"):
            installed = install_dependencies(workspace, plan.language, options.limits.install_s)
        result.install = InstallInfo(
            ok=installed.ok, skipped=installed.skipped, command=installed.command, log_tail=installed.log_tail
        )
        if not installed.ok:
            result.startup.reason, result.startup.detail = "install_failed", installed.log_tail[-500:]
            result.suites = [_not_run(suite, "dependencies failed to install") for suite in suites]
            return result
        with _timed(timings, "database"):
            database = provider.create("eval") if provider else None
        port = free_port()
        env = app_environment(
            port=port,
            marker=new_marker(),
            database_env=database.env if database else {},
            install_env=installed.env,
            jwt_secret=secrets.token_hex(16),
        )
        app = AppProcess(plan, env, port, options.limits, options.keep_log or scratch / "server.log")
        with _timed(timings, "startup"):
            app.start()
            ready = _wait_ready(app, result, options)
        if not ready:
            result.suites = [_not_run(suite, f"server did not start: {result.startup.reason}") for suite in suites]
            return result
        with _timed(timings, "suite"):
            result.suites = [_run_suite(suite, app, options, on_request) for suite in suites]
        result.limit_violation = app.violation
        _add_runtime_evidence(result, database)
        return result
    finally:
        with _timed(timings, "teardown"), contextlib.ExitStack() as teardown:
            # Registered in reverse: the app stops first, then its database goes, then the scratch folder;
            # a failing step does not skip the others.
            teardown.callback(shutil.rmtree, scratch, ignore_errors=True)
            if database is not None and provider is not None:
                teardown.callback(provider.drop, database)
            if app is not None:
                teardown.callback(_stop_app, app, result)
        for phase, seconds in timings.items():
            setattr(result.timings, phase, round(seconds, 4))


def _stop_app(app: AppProcess, result: EvalResult) -> None:
    app.stop()
    result.server_log_tail = app.log_tail()
    result.limit_violation = result.limit_violation or app.violation


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
        ready = app.wait_ready()
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


def _run_suite(suite: Suite, app: AppProcess, options: EvalOptions, on_request: OnRequest | None) -> SuiteResult:
    transport = GuardedTransport()
    callback = (lambda outcome: on_request(suite.name, outcome)) if on_request else None
    with httpx.Client(base_url=app.base_url, timeout=options.request_timeout_s, transport=transport) as client:
        return suite.run(client, on_request=callback)


def _not_run(suite: Suite, reason: str) -> SuiteResult:
    """The suite run against a port nothing listens on: counted exactly as a dead server is counted."""
    with httpx.Client(base_url=f"http://127.0.0.1:{free_port()}", timeout=2.0) as client:
        result = suite.run(client)
    for outcome in result.requests:
        outcome.error = f"not sent: {reason}"
    return result
