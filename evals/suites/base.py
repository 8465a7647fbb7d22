"""The protocol every behavioural suite follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import httpx

from evals.results import RequestOutcome, SuiteResult

OnRequest = Callable[[RequestOutcome], None]


class Suite(Protocol):
    """A behavioural suite: runs its requests in order against a server and counts its checks.

    `client.base_url` is the server root (for example `http://127.0.0.1:8080`), without `/api`.
    `on_request` is called after each request, so progress and partial results survive a crash.
    """

    name: str

    def run(self, client: httpx.Client, on_request: OnRequest | None = None) -> SuiteResult: ...
