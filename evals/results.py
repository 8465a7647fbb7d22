"""Result documents of an evaluation: one per evaluation, per request and per assertion."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

from evals.exception_log import LoggedException
from evals.taxonomy import Classification
from planners.compliance.report import ComplianceReport
from tools.apps.interpreter import AppPython


def pass_rate(passed: int, total: int) -> float:
    """Percent of counted checks that passed, 0 when nothing was counted."""
    return round(100.0 * passed / total, 2) if total else 0.0


class AssertionOutcome(BaseModel):
    """One counted check of a request (a Postman `tests[...]` entry, a Hurl status or jsonpath assert)."""

    name: str
    passed: bool
    message: str = ""


# Why a request got no usable response: refused or dropped connections, timeouts (silent server), a
# body still arriving at the total time per request (too_slow), a body over the cap, a redirect loop,
# bytes that are not HTTP, not sent because the server stopped answering (unresponsive) or never started.
TransportFailure = Literal[
    "refused", "disconnected", "timeout", "too_slow", "too_large", "redirect_loop", "bad_http", "unresponsive",
    "not_sent", "other",
]  # fmt: skip
# What went wrong with the evaluation as a whole, beyond wrong answers.
Fault = Literal[
    "server_crash", "timeout", "limit:memory", "limit:processes", "limit:wall", "limit:other", "infra", "interrupted",
]  # fmt: skip


class RequestOutcome(BaseModel):
    """What happened to one request of a suite."""

    index: int
    name: str
    method: str
    path: str
    status: int | None = None
    duration_ms: float = 0.0
    assertions: list[AssertionOutcome] = Field(default_factory=list)
    # A transport failure (refused, reset, timeout) or a test-script error that stopped counting.
    error: str | None = None
    transport_failure: TransportFailure | None = None

    @computed_field
    @property
    def passed(self) -> int:
        return sum(1 for a in self.assertions if a.passed)

    @computed_field
    @property
    def failed(self) -> int:
        return sum(1 for a in self.assertions if not a.passed)


class SuiteResult(BaseModel):
    """All requests of one suite run against one server."""

    suite: str
    requests: list[RequestOutcome] = Field(default_factory=list)

    @computed_field
    @property
    def passed(self) -> int:
        return sum(r.passed for r in self.requests)

    @computed_field
    @property
    def failed(self) -> int:
        return sum(r.failed for r in self.requests)

    @computed_field
    @property
    def total(self) -> int:
        return self.passed + self.failed

    @computed_field
    @property
    def a_pct(self) -> float:
        """Assertion pass rate in percent (passed / counted)."""
        return pass_rate(self.passed, self.total)


class PhaseTimings(BaseModel):
    """Seconds spent in each phase of one evaluation."""

    install: float = 0.0
    database: float = 0.0
    startup: float = 0.0
    suite: float = 0.0
    teardown: float = 0.0

    @computed_field
    @property
    def total(self) -> float:
        return round(self.install + self.database + self.startup + self.suite + self.teardown, 4)


class StartupInfo(BaseModel):
    """How the app was started and whether it became ready."""

    ok: bool = False
    command: list[str] = Field(default_factory=list)
    source: str = ""
    reason: str | None = None
    detail: str | None = None
    port: int | None = None
    health_status: int | None = None
    bind_addresses: list[str] = Field(default_factory=list)
    loopback_only: bool = False
    notes: list[str] = Field(default_factory=list)


class InstallInfo(BaseModel):
    ok: bool = True
    skipped: bool = False
    command: str = ""
    log_tail: str = ""
    # The interpreter a Python app ran on (version, where it came from, notes such as a fallback).
    python: AppPython | None = None
    seconds: float = 0.0
    # Node apps: "hit" when node_modules came from the content-addressed cache, "miss" when npm built it.
    cache: str | None = None


class RequestLimits(BaseModel):
    """The bounds of every request a suite sends: a larger body or a longer request fails that request."""

    max_body_mb: int = Field(16, gt=0, description="largest response body read")
    request_timeout_s: float = Field(10.0, gt=0, description="longest a request may take, body included")
    idle_timeout_s: float = Field(10.0, gt=0, description="longest a connect, read or write may wait")

    @property
    def max_body_bytes(self) -> int:
        return self.max_body_mb * 1024 * 1024


class EvalResult(BaseModel):
    """One evaluation of one workspace: the JSON document every later result builds on."""

    schema_version: int = 1
    workspace: str
    database: str
    task: str | None = None
    scaffold: str | None = None
    model: str | None = None
    trial: int | None = None
    suites: list[SuiteResult] = Field(default_factory=list)
    install: InstallInfo = Field(default_factory=InstallInfo)
    startup: StartupInfo = Field(default_factory=StartupInfo)
    limit_violation: str | None = None
    # How the app was contained: "bwrap" (a box of its own) or "none" (a host process), and what was asked.
    isolation: str = "none"
    isolation_requested: str = "none"
    request_limits: RequestLimits = Field(default_factory=RequestLimits)
    # A crash, hang, limit, infrastructure failure or interruption, with what showed it (`fault_detail`).
    fault: Fault | None = None
    fault_detail: str | None = None
    timings: PhaseTimings = Field(default_factory=PhaseTimings)
    server_log_tail: str = ""
    # Every exception block of the server log (bounded), each tied to the request that produced it.
    server_exceptions: list[LoggedException] = Field(default_factory=list)
    started_at: str = ""
    error: str | None = None
    # Static checks of the constraints the task imposed, plus runtime database evidence (None: no constraints).
    compliance: ComplianceReport | None = None
    # `cagent eval --url`: the running server scored, and what could not be done without its workspace.
    url: str | None = None
    skipped: dict[str, str] = Field(default_factory=dict)
    # Why a non-passing evaluation failed (deterministic classifier), with the evidence that decided it.
    failure: Classification | None = None

    @computed_field
    @property
    def passed(self) -> int:
        return sum(s.passed for s in self.suites)

    @computed_field
    @property
    def failed(self) -> int:
        return sum(s.failed for s in self.suites)

    @computed_field
    @property
    def total(self) -> int:
        return self.passed + self.failed

    @computed_field
    @property
    def a_pct(self) -> float:
        return pass_rate(self.passed, self.total)

    @computed_field
    @property
    def strict_a_pct(self) -> float:
        """A% when every required constraint complies, else 0 (the published benchmark's headline score)."""
        return self.a_pct if self.compliance is None or self.compliance.compliant else 0.0

    @computed_field(alias="pass")
    @property
    def all_passed(self) -> bool:
        """True when the app started, every counted check passed, every required constraint complies and
        nothing went wrong on the way (no fault, no error)."""
        compliant = self.compliance is None or self.compliance.compliant
        clean = self.error is None and self.fault is None
        return self.startup.ok and self.total > 0 and self.failed == 0 and clean and compliant
