"""newman as a suite: the real Postman runner behind the same `Suite` protocol as the built-in port."""

from __future__ import annotations

from pathlib import Path

import httpx

from evals.oracle.newman import DEFAULT_TIMEOUT_S, run_newman, suite_name
from evals.results import SuiteResult
from evals.suites.base import OnRequest
from evals.transport import BoundedClient


class NewmanSuite:
    """Runs `collection` with newman against `client.base_url`.

    newman sends the requests itself, so `client` only gives the server root and the total time per
    request (`--timeout-request`); newman has no body-size cap to pass on. `on_request` is called for
    every request once newman has finished.
    """

    def __init__(self, collection: Path, *, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.collection = collection
        self.timeout_s = timeout_s
        self.name = suite_name(collection)

    def run(self, client: httpx.Client, on_request: OnRequest | None = None) -> SuiteResult:
        per_request = (
            client.request_limits.request_timeout_s if isinstance(client, BoundedClient) else client.timeout.read
        )
        result = run_newman(
            self.collection,
            str(client.base_url),
            api_base=client.api_base if isinstance(client, BoundedClient) else "/api",
            timeout_s=self.timeout_s,
            request_timeout_ms=int(per_request * 1000) if per_request else None,
        )
        if on_request is not None:
            for outcome in result.requests:
                on_request(outcome)
        return result
