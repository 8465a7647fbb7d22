"""Runs the ported files against a server and scores every entry as Hurl 2 does.

Hurl runs an entry in this order (its runner's `entry.rs`), and the port follows it:

1. the request is rendered: a variable it names that is not set (`{{slug}}` after a create whose
   capture failed), or that holds a list or an object, is an error and the entry is **not sent**;
2. the request is sent; a transport failure (refused, reset, timeout, too large) ends the entry;
3. the implicit status assert: a status other than the entry's ends the entry, so its captures
   are not taken and its explicit asserts are not evaluated;
4. the captures, in order, each stored as soon as it is taken: one that selects nothing (or whose
   body is not JSON) ends the entry, so its explicit asserts are not evaluated;
5. the explicit asserts, every one evaluated (with this entry's captures already set).

Scoring follows `--continue-on-error` (plain `--test` stops a file at its first error): the next
entry runs whatever happened to this one. Every entry counts its status check plus one check per
explicit assert, whatever happened, so a run always counts the same total (538); a check that an
ended entry never evaluated counts as failed, with a message that says why. Header values are sent as
written, a trailing space included (see `verbatim`).
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
from evals.suites.hurl_v2.model import Capture, Check, Entry, SuiteFile, Var
from evals.suites.hurl_v2.predicates import MAX_SHOWN, describe, evaluate
from evals.suites.hurl_v2.templating import (
    TemplateError,
    Variables,
    placeholder,
    render,
    render_json,
    resolve_expected,
)
from evals.suites.hurl_v2.verbatim import needs_verbatim, send_verbatim
from evals.transport import failure_of

_COMPARISONS = ("==", "!=", ">=", "contains")


def new_uid() -> str:
    """A per-run suffix, lowercase alphanumeric so that usernames built from it stay valid."""
    return f"{int(time.time()) % 100000:05d}{secrets.token_hex(3)}"


def _shown_expected(check: Check, variables: Variables) -> str:
    try:
        value = resolve_expected(check.expected, variables)
    except TemplateError:
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
    except TemplateError as exc:
        return AssertionOutcome(name=name, passed=False, message=str(exc))
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


class _Ended(Exception):
    """The entry stopped before its explicit asserts; `reason` goes into each of their messages."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _unevaluated(entry: Entry, variables: Variables, reason: str) -> list[AssertionOutcome]:
    return [AssertionOutcome(name=check_name(c, variables), passed=False, message=reason) for c in entry.checks]


def _take_captures(captures: tuple[Capture, ...], document: Any, body_error: str | None, variables: Variables) -> None:
    """Store each capture in turn, as Hurl does; the first that fails raises `_Ended`."""
    for capture in captures:
        if body_error is not None:
            raise _Ended(f"capture {capture.name!r} failed: {body_error}")
        value = query(document, capture.query)
        if value is MISSING:
            raise _Ended(f"capture {capture.name!r} failed: {capture.query} selects nothing")
        variables[capture.name] = value


def _send(client: httpx.Client, entry: Entry, variables: Variables, outcome: RequestOutcome) -> httpx.Response:
    """Render and send the request; raises TemplateError before sending, httpx errors after."""
    path = render(entry.path, variables)
    headers = {key: render(value, variables) for key, value in entry.headers}
    content: bytes | None = None
    if entry.body is not None:
        content = json.dumps(render_json(entry.body, variables), ensure_ascii=False).encode("utf-8")
        headers["Content-Type"] = "application/json"
    outcome.path = path
    if needs_verbatim(headers):
        return send_verbatim(client, entry.method, path, headers, content)
    return client.request(entry.method, path, content=content, headers=headers, follow_redirects=False)


def run_entry(client: httpx.Client, entry: Entry, variables: Variables, index: int, name: str) -> RequestOutcome:
    """Send one entry, update `variables` with its captures and score its checks."""
    outcome = RequestOutcome(index=index, name=name, method=entry.method, path=entry.path)
    status_name = f"status == {entry.status}"

    started = time.perf_counter()
    try:
        response = _send(client, entry, variables, outcome)
        content_bytes = response.content
    except TemplateError as exc:
        reason = f"not sent: {exc}"
        outcome.error = reason
        outcome.transport_failure = "not_sent"
        outcome.assertions = [AssertionOutcome(name=status_name, passed=False, message=reason)]
        outcome.assertions += _unevaluated(entry, variables, reason)
        return outcome
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        outcome.duration_ms = round((time.perf_counter() - started) * 1000, 2)
        reason = _short(f"{type(exc).__name__}: {exc}".rstrip(": "), 300)
        outcome.error = reason
        outcome.transport_failure = failure_of(exc)
        outcome.assertions = [AssertionOutcome(name=status_name, passed=False, message=f"no response: {reason}")]
        outcome.assertions += _unevaluated(entry, variables, "no response")
        return outcome
    outcome.duration_ms = round((time.perf_counter() - started) * 1000, 2)
    outcome.status = response.status_code

    if response.status_code != entry.status:
        outcome.assertions.append(
            AssertionOutcome(name=status_name, passed=False, message=f"got {response.status_code}")
        )
        outcome.assertions += _unevaluated(
            entry, variables, f"not evaluated: the status was {response.status_code}, not {entry.status}"
        )
        return outcome
    outcome.assertions.append(AssertionOutcome(name=status_name, passed=True))
    document, body_error = _parse_body(content_bytes)
    try:
        _take_captures(entry.captures, document, body_error, variables)
    except _Ended as ended:
        outcome.error = ended.reason
        outcome.assertions += _unevaluated(entry, variables, f"not evaluated: {ended.reason}")
        return outcome
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
