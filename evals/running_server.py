"""Scoring a server that is already running (`cagent eval --url`): started by hand, by docker compose, elsewhere.

The suites run exactly as against an app the harness started, and the result is the same document. What
needs the workspace or the database the harness provisions cannot be done and is listed in `skipped`:
install, start-up and its limits, compliance checks, runtime database evidence, strict A%. The server
keeps its own database, which need not be fresh: the suites make their own users per run, but data left
by earlier runs can change what list endpoints return.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import httpx

from evals.classify import classify
from evals.classify.formats.eval_result import record_of
from evals.faults import derive_fault
from evals.results import EvalResult, RequestOutcome, StartupInfo, SuiteResult
from evals.runner import EvalOptions, EvaluationInterrupted, OnRequest
from evals.suites.base import Suite
from evals.transport import BoundedClient, failure_of

HEALTH_PATH = "/api/health-check"
SKIPPED = {
    "install": "the server was started outside the harness",
    "limits": "memory, process and wall-clock limits apply only to apps the harness starts",
    "compliance": "needs the workspace (the server was given as a URL)",
    "runtime_database_evidence": "needs the database the harness provisions",
    "strict_a_pct": "needs the compliance checks",
}


class UnreachableServer(Exception):
    """Nothing answers at the URL: bad input, not a score."""


def server_root(url: str) -> str:
    """The server root the suites expect (they add `/api`): `http://h:8080/api/` -> `http://h:8080`."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"--url {url!r}: give the server's address, e.g. http://127.0.0.1:8080/api")
    if parts.query or parts.fragment:
        raise ValueError(f"--url {url!r}: give the address without a query or fragment")
    path = parts.path.rstrip("/")
    path = path.removesuffix("/api")
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _health_check(client: httpx.Client, url: str, result: EvalResult) -> None:
    """Record the health check's answer; a server that cannot be reached at all is UnreachableServer."""
    try:
        response = client.get(HEALTH_PATH)
    except httpx.TransportError as exc:
        if failure_of(exc) == "refused":
            raise UnreachableServer(f"nothing answers at {url}: {exc or 'connection refused'}") from None
        result.startup.reason, result.startup.detail = "health_check_failed", f"{failure_of(exc)}: {exc}"
        return
    result.startup.ok = True
    result.startup.health_status = response.status_code
    if response.status_code != 200:
        result.startup.notes.append(f"GET {HEALTH_PATH} answered {response.status_code}, not 200; scored anyway")


def evaluate_url(
    url: str, suites: list[Suite], options: EvalOptions | None = None, on_request: OnRequest | None = None
) -> EvalResult:
    """Score the server at `url` with `suites`; raises UnreachableServer when nothing answers there.

    A server that accepts connections but does not answer the health check is still scored (its
    requests fail as they would against a hung app). Interrupted, it raises EvaluationInterrupted.
    """
    options = options or EvalOptions()
    root = server_root(url)
    result = EvalResult(
        workspace=root, url=url, database="external", task=options.task, scaffold=options.scaffold,
        model=options.model, trial=options.trial, started_at=datetime.now(UTC).isoformat(timespec="seconds"),
        startup=StartupInfo(source=f"already running at {root}"), isolation="external",
        isolation_requested="external", skipped=dict(SKIPPED),
    )  # fmt: skip
    result.request_limits = options.request_limits()
    result.install.skipped = True
    result.startup.notes.append("the server's own database: not a fresh one, so list counts may differ")
    started = time.perf_counter()
    try:
        with BoundedClient(root, options.request_limits()) as client:
            _health_check(client, url, result)
            result.timings.startup = round(time.perf_counter() - started, 4)
            started = time.perf_counter()
            for suite in suites:
                _run(suite, client, on_request, result.suites)
    except KeyboardInterrupt:
        result.fault, result.fault_detail = "interrupted", "interrupted during suite"
        result.failure = classify(record_of(result))
        raise EvaluationInterrupted(result) from None
    finally:
        if result.timings.startup:
            result.timings.suite = round(time.perf_counter() - started, 4)
    if (fault := derive_fault(result)) is not None:
        result.fault, result.fault_detail = fault
    if not result.all_passed:
        result.failure = classify(record_of(result))
    return result


def _run(suite: Suite, client: httpx.Client, on_request: OnRequest | None, done: list[SuiteResult]) -> None:
    partial = SuiteResult(suite=suite.name)

    def record(outcome: RequestOutcome) -> None:
        partial.requests.append(outcome)
        if on_request is not None:
            on_request(suite.name, outcome)

    try:
        done.append(suite.run(client, on_request=record))
    except KeyboardInterrupt:
        done.append(partial)
        raise
