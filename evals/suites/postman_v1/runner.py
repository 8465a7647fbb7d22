"""Runs the 32 requests in order and counts their checks the way newman 6 counts them.

What newman does, and so what this runner does (each point was checked against newman 6.2):

* every request is sent, whatever happened before; a later request simply uses whatever the
  earlier scripts captured (an unset variable stays as the literal `{{name}}` text);
* each entry of a script's `tests` object is one assertion, passed when its value is truthy;
* when a script throws, the entries it recorded before the throw are still counted and the rest
  of the script does not run; the error itself is not an assertion (newman counts it among the
  failed test scripts, not among the assertions) and is kept in `RequestOutcome.error`;
* when no response comes back (connection refused or reset, timeout), the test script still runs,
  with `responseCode.code` unset and `responseBody` undefined: a script that starts with a 200
  check counts that one failed check, one that parses the body first throws and counts nothing;
* the two DELETE requests have no script: they are sent and recorded with no assertion.

The requests follow redirects, send the collection's headers and start with an empty cookie
jar, as newman does.
"""

from __future__ import annotations

import codecs
import time
from collections.abc import Mapping
from typing import Any

import httpx

from evals.results import AssertionOutcome, RequestOutcome, SuiteResult
from evals.suites.base import OnRequest
from evals.suites.postman_v1 import js
from evals.suites.postman_v1.requests import RequestSpec
from evals.suites.postman_v1.scripts import ScriptContext
from evals.suites.postman_v1.variables import Globals, request_target, substitute
from evals.transport import failure_of

_MAX_ERROR = 300


def _short(text: str, limit: int = _MAX_ERROR) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def api_url(client: httpx.Client) -> str:
    """The collection's APIURL: the client's base URL (the server root) plus `/api`."""
    return str(client.base_url).rstrip("/") + "/api"


def _origin(url: str) -> str:
    end = url.find("/", url.find("//") + 2)
    return url if end == -1 else url[:end]


def decode_body(response: httpx.Response) -> str:
    """The body as text, in the declared charset when it is a known one, else UTF-8."""
    encoding = response.charset_encoding or "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        encoding = "utf-8"
    return response.content.decode(encoding, errors="replace")


def assertion_outcomes(tests: Mapping[str, Any]) -> list[AssertionOutcome]:
    """One assertion per `tests` entry, in insertion order, with newman's failure message."""
    return [
        AssertionOutcome(
            name=name,
            passed=js.truthy(value),
            message="" if js.truthy(value) else f"expected {js.to_string(value)} to be truthy",
        )
        for name, value in tests.items()
    ]


def run_request(
    client: httpx.Client,
    spec: RequestSpec,
    variables: Globals,
    index: int,
    environment: Mapping[str, Any] | None = None,
) -> RequestOutcome:
    """Send one request, run its script against the response and count the script's checks."""
    base = variables.get("APIURL")
    url = substitute(spec.url, variables)
    target = request_target(url, base)
    headers = {key: substitute(value, variables) for key, value in spec.headers}
    body = substitute(spec.body, variables) if spec.body else None
    outcome = RequestOutcome(index=index, name=spec.name, method=spec.method, path=target)

    errors: list[str] = []
    response_code: int | None = None
    response_body: Any = js.UNDEFINED
    started = time.perf_counter()
    try:
        response = client.request(
            spec.method,
            _origin(base) + target,
            headers=headers,
            content=body.encode("utf-8") if body is not None else None,
            follow_redirects=True,
        )
        response_code = response.status_code
        response_body = decode_body(response)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        errors.append(_short(f"{type(exc).__name__}: {exc}".rstrip(": ")))
        outcome.transport_failure = failure_of(exc)
    outcome.duration_ms = round((time.perf_counter() - started) * 1000, 2)
    outcome.status = response_code

    if spec.script is not None:
        context = ScriptContext(
            response_code=response_code,
            response_body=response_body,
            globals=variables,
            environment=environment or {},
        )
        try:
            spec.script(context)
        except js.ScriptError as exc:
            errors.append(_short(f"test script stopped: {exc}"))
        outcome.assertions = assertion_outcomes(context.tests)

    outcome.error = "; ".join(errors) or None
    return outcome


def run_requests(
    requests: tuple[RequestSpec, ...],
    client: httpx.Client,
    initial_variables: Mapping[str, str],
    suite_name: str,
    on_request: OnRequest | None = None,
    environment: Mapping[str, Any] | None = None,
) -> SuiteResult:
    """Run `requests` in order with fresh globals (`initial_variables` plus APIURL)."""
    variables = Globals({"APIURL": api_url(client), **initial_variables})
    client.cookies.clear()
    result = SuiteResult(suite=suite_name)
    for index, spec in enumerate(requests, start=1):
        outcome = run_request(client, spec, variables, index, environment)
        result.requests.append(outcome)
        if on_request is not None:
            on_request(outcome)
    return result
