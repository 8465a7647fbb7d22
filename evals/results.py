"""Result documents of an evaluation: one per evaluation, per request and per assertion."""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field


class AssertionOutcome(BaseModel):
    """One counted check of a request (a Postman `tests[...]` entry, a Hurl status or jsonpath assert)."""

    name: str
    passed: bool
    message: str = ""


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
        return round(100.0 * self.passed / self.total, 2) if self.total else 0.0
