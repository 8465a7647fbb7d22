"""Runs the real newman on a Postman collection and maps its JSON report into the result model.

newman is pinned in the project's `package.json` and installed by `npm ci` into `node_modules/`;
it is never downloaded at run time. It is looked for, in order, at `node_modules/.bin/newman`
under the project root, at `$CAGENT_NEWMAN`, and on `PATH`.

The run is the official one (`run-api-tests.sh`): the globals APIURL (the server root plus
`/api`), USERNAME, EMAIL and PASSWORD are given with `--global-var`. The mapped result has one
`RequestOutcome` per execution, in order; its assertions are the report's assertions, and its
totals equal newman's own `run.stats.assertions` (checked on every run). Request errors and test
script errors go to `RequestOutcome.error`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evals.results import AssertionOutcome, RequestOutcome, SuiteResult, TransportFailure
from evals.suites.postman_v1.variables import new_user_variables, request_target

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NEWMAN_ENV = "CAGENT_NEWMAN"
DEFAULT_TIMEOUT_S = 600.0
_MAX_ERROR = 300
# Node's error codes for a request that got no response, as the built-in suites name the same failures.
_FAILURE_OF_CODE: dict[str, TransportFailure] = {
    "ECONNREFUSED": "refused",
    "ECONNRESET": "disconnected",
    "EPIPE": "disconnected",
    "ETIMEDOUT": "timeout",
    "ESOCKETTIMEDOUT": "timeout",
    "HPE_INVALID_CONSTANT": "bad_http",
}


class NewmanUnavailable(RuntimeError):
    """newman is not installed where the oracle looks for it."""


class NewmanFailed(RuntimeError):
    """newman ran but produced no usable report (crash, timeout, bad collection)."""


def find_newman(root: Path = PROJECT_ROOT) -> Path:
    """The newman executable: the project's own, else `$CAGENT_NEWMAN`, else one on PATH."""
    local = root / "node_modules" / ".bin" / "newman"
    candidates: list[Path] = [local]
    if os.environ.get(NEWMAN_ENV):
        candidates.append(Path(os.environ[NEWMAN_ENV]))
    on_path = shutil.which("newman")
    if on_path:
        candidates.append(Path(on_path))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise NewmanUnavailable(
        f"newman is not installed: run `npm ci` in {root} (package.json pins it), "
        f"or point ${NEWMAN_ENV} at a newman executable"
    )


def suite_name(collection: Path) -> str:
    return f"newman:{collection.name}"


def _short(text: str, limit: int = _MAX_ERROR) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _request_error(error: Mapping[str, Any]) -> str:
    if error.get("message"):
        return _short(f"{error.get('name') or 'Error'}: {error['message']}")
    parts = [str(error[key]) for key in ("code", "syscall") if error.get(key)]
    if error.get("address"):
        parts.append(f"{error['address']}:{error.get('port', '')}".rstrip(":"))
    return _short(" ".join(parts) or "request failed")


def _target(request: Mapping[str, Any]) -> str:
    """The path and query newman sent, encoded the way the built-in suite records them."""
    url = request.get("url") or {}
    if not isinstance(url, str):
        path = "/" + "/".join(str(segment) for segment in url.get("path") or [])
        query = [q for q in url.get("query") or [] if not q.get("disabled")]
        pairs = [str(q.get("key") or "") + ("" if q.get("value") is None else f"={q['value']}") for q in query]
        url = "http://host" + path + ("?" + "&".join(pairs) if pairs else "")
    return request_target(url, url)


def _execution_outcome(index: int, execution: Mapping[str, Any]) -> RequestOutcome:
    item = execution.get("item") or {}
    request = execution.get("request") or item.get("request") or {}
    response = execution.get("response")
    outcome = RequestOutcome(
        index=index,
        name=str(item.get("name", "")),
        method=str(request.get("method", "GET")),
        path=_target(request),
        status=response.get("code") if response else None,
        duration_ms=float(response.get("responseTime") or 0.0) if response else 0.0,
    )
    for assertion in execution.get("assertions") or []:
        error = assertion.get("error")
        outcome.assertions.append(
            AssertionOutcome(
                name=str(assertion.get("assertion", "")),
                passed=error is None,
                message="" if error is None else str(error.get("message", "")),
            )
        )
    errors = []
    if execution.get("requestError"):
        errors.append(_request_error(execution["requestError"]))
        outcome.transport_failure = _FAILURE_OF_CODE.get(str(execution["requestError"].get("code")), "other")
    for key, label in (("prerequestScript", "pre-request script"), ("testScript", "test script")):
        for entry in execution.get(key) or []:
            error = entry.get("error") or {}
            errors.append(_short(f"{label} stopped: {error.get('name', 'Error')}: {error.get('message', '')}"))
    outcome.error = "; ".join(errors) or None
    return outcome


def parse_report(report: Mapping[str, Any], name: str) -> SuiteResult:
    """Map newman's JSON report (`--reporters json`) into a `SuiteResult` named `name`."""
    run = report.get("run") or {}
    result = SuiteResult(suite=name)
    for index, execution in enumerate(run.get("executions") or [], start=1):
        result.requests.append(_execution_outcome(index, execution))
    stats = (run.get("stats") or {}).get("assertions") or {}
    if (result.total, result.failed) != (stats.get("total", 0), stats.get("failed", 0)):
        raise NewmanFailed(
            f"report mapping disagrees with newman's stats: {result.total} assertions, {result.failed} failed "
            f"mapped; newman counted {stats.get('total')} and {stats.get('failed')}"
        )
    return result


def newman_command(
    newman: Path,
    collection: Path,
    report: Path,
    globals_: Mapping[str, str],
    *,
    delay_request_ms: int = 0,
    request_timeout_ms: int | None = None,
) -> list[str]:
    command = [str(newman), "run", str(collection), "--reporters", "json", "--reporter-json-export", str(report)]
    for key, value in globals_.items():
        command += ["--global-var", f"{key}={value}"]
    if delay_request_ms:
        command += ["--delay-request", str(delay_request_ms)]
    if request_timeout_ms:
        command += ["--timeout-request", str(request_timeout_ms)]
    return command


def run_newman(
    collection: Path,
    base_url: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    variables: Mapping[str, str] | None = None,
    delay_request_ms: int = 0,
    request_timeout_ms: int | None = None,
    newman: Path | None = None,
    api_base: str = "/api",
) -> SuiteResult:
    """Run newman on `collection` against the server at `base_url` (its root), whose API is at `api_base`.

    `variables` gives USERNAME, EMAIL and PASSWORD (fresh ones by default, as `run-api-tests.sh`
    makes them). The official script also waits 500 ms between requests (`delay_request_ms`); it
    changes no count, so the default is not to wait. Raises `NewmanUnavailable` when newman is not
    installed and `NewmanFailed` when it crashes, times out or writes no report.
    """
    executable = newman or find_newman()
    if not collection.is_file():
        raise FileNotFoundError(f"no Postman collection at {collection}")
    globals_ = {"APIURL": base_url.rstrip("/") + api_base.rstrip("/"), **(variables or new_user_variables())}
    with tempfile.TemporaryDirectory(prefix="cagent-newman-") as tmp:
        report_path = Path(tmp) / "report.json"
        command = newman_command(
            executable,
            collection.resolve(),
            report_path,
            globals_,
            delay_request_ms=delay_request_ms,
            request_timeout_ms=request_timeout_ms,
        )
        process = subprocess.Popen(
            command,
            cwd=tmp,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        try:
            _, stderr = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise NewmanFailed(f"newman did not finish within {timeout_s:g} s") from None
        if not report_path.is_file():
            detail = stderr.decode("utf-8", errors="replace").strip()[-2000:]
            raise NewmanFailed(f"newman exited with {process.returncode} and wrote no report: {detail}")
        report = json.loads(report_path.read_text(encoding="utf-8"))
    return parse_report(report, suite_name(collection))
