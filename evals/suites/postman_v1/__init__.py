"""The RealWorld (Conduit) Postman collection v1, ported to Python: 32 requests, counted like newman.

Run it with any `httpx.Client` whose `base_url` is the server root (the suite adds `/api`):

    with httpx.Client(base_url="http://127.0.0.1:8080", timeout=10) as client:
        result = SUITE.run(client)
    print(result.passed, result.total)  # 311 311 for a correct backend on a fresh database

Each run makes its own USERNAME, EMAIL and PASSWORD as the official `run-api-tests.sh` does
(`u<seconds since the epoch>`, `<username>@mail.com`, `password`), unless they are given to
`PostmanV1Suite(variables=...)`. The number of assertions depends on the responses, exactly as
in newman: list checks run only on non-empty lists and a script that throws stops counting. See
`runner` for the rules and `scripts` for the checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from evals.results import SuiteResult
from evals.suites.base import OnRequest
from evals.suites.postman_v1.requests import REQUESTS, RequestSpec
from evals.suites.postman_v1.runner import run_requests
from evals.suites.postman_v1.variables import new_user_variables

__all__ = ["FRESH_DB_ASSERTIONS", "REQUESTS", "SUITE", "PostmanV1Suite", "RequestSpec", "new_user_variables"]

# What a fully correct backend scores on a fresh database (newman 6 counts the same).
FRESH_DB_ASSERTIONS = 311


class PostmanV1Suite:
    """The suite object (follows `evals.suites.base.Suite`)."""

    name = "postman-v1"

    def __init__(
        self,
        variables: Mapping[str, str] | None = None,
        environment: Mapping[str, Any] | None = None,
        requests: tuple[RequestSpec, ...] = REQUESTS,
    ) -> None:
        self.variables = dict(variables) if variables is not None else None
        self.environment = dict(environment or {})
        self.requests = requests

    def run(self, client: httpx.Client, on_request: OnRequest | None = None) -> SuiteResult:
        variables = self.variables if self.variables is not None else new_user_variables()
        return run_requests(self.requests, client, variables, self.name, on_request, self.environment)


SUITE = PostmanV1Suite()
