"""One request at a time against the app, each recorded with the checks made on its answer.

Every check is made whatever the app answered (a value that is missing fails it), and a request whose
path needs a value an earlier answer did not give (a slug, a comment id) is recorded as not sent with
its checks failed, so a run always counts the same checks.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

from evals.results import AssertionOutcome, RequestOutcome, SuiteResult
from evals.suites.base import OnRequest
from evals.suites.conduit_extra.clauses import CLAUSES
from evals.transport import failure_of

_SHOWN = 160


@dataclass(frozen=True)
class Reply:
    """An answer: its status (None when nothing came back) and its JSON document (None if not JSON)."""

    status: int | None
    document: Any = None

    def get(self, *keys: str | int) -> Any:
        """The value at `keys` in the document, None when any step is missing."""
        value = self.document
        for key in keys:
            if isinstance(key, int) and isinstance(value, list) and -len(value) <= key < len(value):
                value = value[key]
            elif isinstance(key, str) and isinstance(value, dict):
                value = value.get(key)
            else:
                return None
        return value

    def articles(self) -> list[dict[str, Any]]:
        items = self.get("articles")
        return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []

    def slugs(self) -> list[Any] | None:
        """The slugs of a list answer in order; None when the answer holds no list of articles."""
        if not isinstance(self.get("articles"), list):
            return None
        return [item.get("slug") for item in self.articles()]


def shown(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


class Probe:
    def __init__(self, client: httpx.Client, suite: str, on_request: OnRequest | None) -> None:
        self.client = client
        self.result = SuiteResult(suite=suite)
        self.on_request = on_request
        self._current: RequestOutcome | None = None

    def send(self, title: str, method: str, path: str | None, body: Any = None, token: str | None = None) -> Reply:
        """Send a request (path None: not sent, an earlier answer lacked a value it needs)."""
        self._finish()
        outcome = RequestOutcome(
            index=len(self.result.requests) + 1, name=title, method=method, path=path or "(not sent)"
        )
        self._current = outcome
        if path is None:
            outcome.error = "not sent: an earlier answer lacked a value its path needs"
            outcome.transport_failure = "not_sent"
            return Reply(None)
        headers = {"Authorization": f"Token {token}"} if token else {}
        content = None
        if body is not None:
            content = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        try:
            response = self.client.request(method, path, content=content, headers=headers, follow_redirects=False)
            raw = response.content
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            outcome.duration_ms = round((time.perf_counter() - started) * 1000, 2)
            outcome.error = f"{type(exc).__name__}: {exc}"[:300]
            outcome.transport_failure = failure_of(exc)
            return Reply(None)
        outcome.duration_ms = round((time.perf_counter() - started) * 1000, 2)
        outcome.status = response.status_code
        try:
            document = json.loads(raw) if raw.strip() else None
        except ValueError:
            document = None
        return Reply(response.status_code, document)

    def check(self, clause: str, what: str, passed: bool, got: Any = None) -> bool:
        """Record one check on the last request's answer, named by the contract clause it enforces."""
        assert clause in CLAUSES, clause
        assert self._current is not None, "a check needs a request first"
        message = "" if passed else f"got {shown(got)}"
        if not passed and self._current.status is None:
            message = self._current.error or "no response"
        self._current.assertions.append(AssertionOutcome(name=f"{clause}: {what}", passed=passed, message=message))
        return passed

    def status(self, clause: str, reply: Reply, expected: int | Iterable[int]) -> bool:
        allowed = {expected} if isinstance(expected, int) else set(expected)
        shown_allowed = " or ".join(str(s) for s in sorted(allowed))
        return self.check(clause, f"status {shown_allowed}", reply.status in allowed, reply.status)

    def _finish(self) -> None:
        if self._current is not None:
            self.result.requests.append(self._current)
            if self.on_request is not None:
                self.on_request(self._current)
            self._current = None

    def done(self) -> SuiteResult:
        self._finish()
        return self.result


def at(template: str, *values: Any) -> str | None:
    """The path `template` with `values` in its `{}` slots, None when a value is missing."""
    if any(value is None or value == "" for value in values):
        return None
    return template.format(*values)
