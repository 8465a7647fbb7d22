"""Runs the ported files against a server and scores every entry.

Scoring follows Hurl's `--continue-on-error` rather than plain `--test` (which stops a file at its
first failure), so one early failure does not hide the rest of a file:

* every entry is sent, whatever happened before, and counts its status check plus its jsonpath
  checks, so a run always counts the same number of checks;
* a status mismatch does not skip the jsonpath checks, which run on whatever body came back,
  and captures are still taken from that body when the value is there;
* a capture whose query selects nothing leaves the variable unset (see `templating` for how an
  unset variable behaves in requests and in checks);
* a transport failure (refused, reset, timeout) records `error`, no status, and fails every check
  of the entry.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable
from typing import Any

import httpx

from evals.results import AssertionOutcome, RequestOutcome, SuiteResult
from evals.suites.base import OnRequest
from evals.suites.hurl_v2.jsonpath import MISSING, query
from evals.suites.hurl_v2.model import Check, Entry, SuiteFile, Var
from evals.suites.hurl_v2.predicates import MAX_SHOWN, describe, evaluate
from evals.suites.hurl_v2.templating import (
    UndefinedVariable,
    Variables,
    placeholder,
    render,
    render_json,
    resolve_expected,
)
from evals.transport import failure_of

_COMPARISONS = ("==", "!=", ">=", "contains")


def new_uid() -> str:
    """A per-run suffix, lowercase alphanumeric so that usernames built from it stay valid."""
    return f"{int(time.time()) % 100000:05d}{secrets.token_hex(3)}"


def _shown_expected(check: Check, variables: Variables) -> str:
    try:
        value = resolve_expected(check.expected, variables)
    except UndefinedVariable:
        raw = check.expected
        return placeholder(raw.name) if isinstance(raw, Var) else json.dumps(raw, ensure_ascii=False)
    if check.op == "matches":
        return f'"{value}"'
    return describe(value)


def check_name(check: Check, variables: Variables) -> str:
    """A readable label such as `$.article.title == "Test Article 1a2b"`."""
    subject = check.query + (" count" if check.count else "")
    op = ("not " if check.negate else "") + check.op
    if check.op in _COMPARISONS or check.op == "matches":
        return f"{subject} {op} {_shown_expected(check, variables)}"
    return f"{subject} {op}"


def _short(text: str, limit: int = MAX_SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse_body(content: bytes) -> tuple[Any, str | None]:
    """The JSON document of a response body, or an explanation of why there is none."""
    if not content.strip():
        return MISSING, "the body is empty, not JSON"
    try:
        return json.loads(content), None
    except ValueError:
        snippet = content[:80].decode("utf-8", errors="replace")
        return MISSING, _short(f"the body is not JSON: {snippet!r}")


def _run_check(check: Check, document: Any, body_error: str | None, variables: Variables) -> AssertionOutcome:
    name = check_name(check, variables)
    try:
        expected = resolve_expected(check.expected, variables)
    except UndefinedVariable as exc:
        return AssertionOutcome(name=name, passed=False, message=f"variable {exc.name!r} is not set")
    if body_error is not None:
        return AssertionOutcome(name=name, passed=False, message=body_error)
    value = query(document, check.query)
    if check.count:
        if value is MISSING:
            return AssertionOutcome(name=name, passed=False, message="nothing to count: got none")
        if not isinstance(value, list):
            return AssertionOutcome(name=name, passed=False, message=f"count of a non-list: {describe(value)}")
        value = len(value)
    verdict = evaluate(check.op, value, expected, check.negate)
    return AssertionOutcome(name=name, passed=verdict.passed, message=verdict.message)


def run_entry(client: httpx.Client, entry: Entry, variables: Variables, index: int, name: str) -> RequestOutcome:
    """Send one entry, update `variables` with its captures and score its checks."""
    path = render(entry.path, variables)
    headers = {key: render(value, variables) for key, value in entry.headers}
    content: bytes | None = None
    if entry.body is not None:
        content = json.dumps(render_json(entry.body, variables), ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json"
    outcome = RequestOutcome(index=index, name=name, method=entry.method, path=path)
    status_name = f"status == {entry.status}"

    started = time.perf_counter()
    try:
        response = client.request(entry.method, path, content=content, headers=headers, follow_redirects=False)
        content_bytes = response.content
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        outcome.duration_ms = round((time.perf_counter() - started) * 1000, 2)
        reason = _short(f"{type(exc).__name__}: {exc}".rstrip(": "), 300)
        outcome.error = reason
        outcome.transport_failure = failure_of(exc)
        outcome.assertions = [AssertionOutcome(name=status_name, passed=False, message=f"no response: {reason}")]
        outcome.assertions += [
            AssertionOutcome(name=check_name(c, variables), passed=False, message="no response") for c in entry.checks
        ]
        return outcome
    outcome.duration_ms = round((time.perf_counter() - started) * 1000, 2)
    outcome.status = response.status_code

    passed = response.status_code == entry.status
    outcome.assertions.append(
        AssertionOutcome(name=status_name, passed=passed, message="" if passed else f"got {response.status_code}")
    )
    document, body_error = _parse_body(content_bytes)
    if body_error is None:
        for capture in entry.captures:
            value = query(document, capture.query)
            if value is not MISSING:
                variables[capture.name] = value
    outcome.assertions += [_run_check(c, document, body_error, variables) for c in entry.checks]
    return outcome


def run_files(
    files: Iterable[SuiteFile],
    client: httpx.Client,
    uid: str,
    suite_name: str,
    on_request: OnRequest | None = None,
) -> SuiteResult:
    """Run the files in order; variables start afresh in each file, except `uid`."""
    result = SuiteResult(suite=suite_name)
    index = 0
    for suite_file in files:
        variables: Variables = {"uid": uid}
        for number, entry in enumerate(suite_file.entries, start=1):
            index += 1
            outcome = run_entry(client, entry, variables, index, f"{suite_file.name}#{number} {entry.title}")
            result.requests.append(outcome)
            if on_request is not None:
                on_request(outcome)
    return result
