"""The proof that a rendered skeleton works, through the harness's own runner (evals.runner.evaluate).

For one task variant: render the skeleton; `cagent check` its constraints (planners.compliance); then
one evaluation on a fresh database of its kind, whose first suite is this module's probe: the tables of
the domain model exist in the provisioned database right after start-up, a row inserted there by the
harness comes back through the app's repository (GET /api{example}), and the official postman-v1
suite's "All Tags" request passes. Used by benchmarks/skeletons.py and tests/test_skeleton_stacks.py.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from pathlib import Path

import httpx
import psycopg
from pydantic import BaseModel

from evals.results import AssertionOutcome, RequestOutcome, SuiteResult
from evals.runner import EvalOptions, evaluate
from evals.suites.base import OnRequest
from evals.suites.registry import load_suite
from evals.tasks.greenfield import ORM_OF, VARIANTS  # the published ten variants per framework
from planners.compliance.report import check_all
from planners.constraints import ConstraintSet
from planners.schema import render_skeleton
from planners.schema.bundled import conduit_domain
from tools.apps import AppLimits
from tools.databases import DatabaseProvider, ProvisionedDatabase


def task_name(constraints: ConstraintSet) -> str:
    """The published task name: flask-openapi-clean_architecture-postgres-sqlalchemy, ...-unconstrained."""
    parts = ["clean_architecture"] if constraints.architecture == "clean" else []
    parts += {"postgresql": ["postgres"], "sqlite": ["sqlite"], "none": []}[constraints.database]
    parts += [constraints.orm] if constraints.orm != "none" else []
    return f"{constraints.framework}-openapi-{'-'.join(parts) or 'unconstrained'}"


def task_variants(frameworks: list[str]) -> list[ConstraintSet]:
    from planners.constraints.model import FRAMEWORKS

    found = []
    for framework in frameworks:
        orm = ORM_OF[FRAMEWORKS[framework]]
        for architecture, database, with_orm in VARIANTS:
            found.append(
                ConstraintSet(
                    framework=framework, architecture=architecture, database=database, orm=orm if with_orm else "none"
                )
            )
    return found


class ProofRow(BaseModel):
    variant: str
    files: int = 0
    install_s: float = 0.0
    start_s: float = 0.0
    compliant: bool = False
    violations: list[str] = []
    tables: int = 0
    tables_expected: int = 0
    smoke: bool = False
    tags_scored: bool = False
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.compliant and self.smoke and self.tags_scored and self.tables == self.tables_expected


class _Capturing:
    """A provider that remembers the database it made, so the probe can read it while the app runs."""

    def __init__(self, inner: DatabaseProvider) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.database: ProvisionedDatabase | None = None

    def create(self, label: str = "eval") -> ProvisionedDatabase:
        self.database = self.inner.create(label)
        return self.database

    def drop(self, database: ProvisionedDatabase) -> None:
        self.inner.drop(database)

    def close(self) -> None:
        self.inner.close()


def _tables(database: ProvisionedDatabase) -> set[str]:
    assert database.admin_url is not None
    if database.kind == "postgresql":
        with psycopg.connect(database.admin_url, autocommit=True) as conn:
            rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            return {row[0] for row in rows}
    path = database.admin_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path, timeout=10)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        conn.close()


def _insert(database: ProvisionedDatabase, table: str, column: str, value: str) -> None:
    assert database.admin_url is not None
    if database.kind == "postgresql":
        with psycopg.connect(database.admin_url, autocommit=True) as conn:
            conn.execute(f"INSERT INTO {table} ({column}) VALUES (%s)", (value,))
        return
    conn = sqlite3.connect(database.admin_url.removeprefix("sqlite:///"), timeout=10)
    try:
        with conn:
            conn.execute(f"INSERT INTO {table} ({column}) VALUES (?)", (value,))
    finally:
        conn.close()


class _Probe:
    """Suite: the schema exists right after start-up, and a row written by the harness reads back."""

    name = "skeleton-probe"

    def __init__(self, capturing: _Capturing, expected: set[str]) -> None:
        self.capturing = capturing
        self.expected = expected
        self.found: set[str] = set()

    def run(self, client: httpx.Client, on_request: OnRequest | None = None) -> SuiteResult:
        database = self.capturing.database
        example = conduit_domain().example
        outcome = RequestOutcome(index=1, name="row round trip", method="GET", path=f"/api{example.path}")
        assert database is not None
        self.found = _tables(database) & self.expected
        missing = sorted(self.expected - self.found)
        outcome.assertions.append(AssertionOutcome(name="tables exist", passed=not missing, message=", ".join(missing)))
        value = f"probe-{uuid.uuid4().hex[:8]}"
        try:
            _insert(database, example.entity, example.field, value)
            started = time.perf_counter()
            response = client.get(f"/api{example.path}")
            outcome.duration_ms = (time.perf_counter() - started) * 1000
            outcome.status = response.status_code
            listed = response.json().get(example.response_key) if response.status_code == 200 else None
            passed = isinstance(listed, list) and value in listed
            outcome.assertions.append(AssertionOutcome(name="inserted row listed", passed=passed, message=str(listed)))
        except (httpx.HTTPError, ValueError, psycopg.Error, sqlite3.Error, AttributeError) as exc:
            outcome.error = f"{type(exc).__name__}: {exc}"
        if on_request is not None:
            on_request(outcome)
        return SuiteResult(suite=self.name, requests=[outcome])


def prove(
    constraints: ConstraintSet, root: Path, providers: dict[str, DatabaseProvider], startup_s: float = 60.0
) -> ProofRow:
    """Render `constraints` under `root` and prove it; never raises for a failing skeleton."""
    name = task_name(constraints)
    row = ProofRow(variant=name)
    workspace = root / name
    report = render_skeleton(constraints, workspace)
    row.files = len(report.files)
    compliance = check_all(workspace, constraints)
    row.compliant = compliance.compliant
    row.violations = [
        f"{verdict.kind}: {v.reason}" + (f" ({v.file}:{v.line})" if v.file else "")
        for verdict in compliance.verdicts
        for v in verdict.violations
    ]
    capturing = _Capturing(providers[report.stack.database])
    expected = set(report.tables)
    probe = _Probe(capturing, expected)
    row.tables_expected = len(expected)
    limits = AppLimits(startup_s=startup_s, install_s=900.0, stop_grace_s=1.0)
    result = evaluate(workspace, [probe, load_suite("postman-v1")], capturing, EvalOptions(limits=limits))
    row.install_s = round(result.timings.install, 1)
    row.start_s = round(result.timings.startup, 2)
    if not result.install.ok:
        row.problem = "install failed: " + result.install.log_tail[-300:]
        return row
    if not result.startup.ok:
        row.problem = f"no start ({result.startup.reason}): " + (result.server_log_tail or "")[-400:]
        return row
    row.tables = len(probe.found)
    probe_outcome = result.suites[0].requests[0]
    row.smoke = probe_outcome.error is None and all(a.passed for a in probe_outcome.assertions)
    if not row.smoke:
        row.problem = probe_outcome.error or "; ".join(f"{a.name}: {a.message}" for a in probe_outcome.assertions)
    tags = [r for r in result.suites[1].requests if r.name == "All Tags"]
    row.tags_scored = bool(tags) and tags[-1].failed == 0 and tags[-1].passed > 0
    return row
