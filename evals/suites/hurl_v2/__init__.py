"""The RealWorld (Conduit) Hurl API suite, ported to Python: 13 files, 154 requests, 538 checks.

Run it with any `httpx.Client` whose `base_url` is the server root (paths start with `/api`):

    with httpx.Client(base_url="http://127.0.0.1:8080", timeout=10) as client:
        result = SUITE.run(client)
    print(result.passed, result.total)

Each run uses a fresh `uid` suffix for the users, articles and tags it creates, unless one is
given to `HurlV2Suite(uid=...)`. See `runner` for how entries are scored.
"""

from __future__ import annotations

import httpx

from evals.results import SuiteResult
from evals.suites.base import OnRequest
from evals.suites.hurl_v2.files import FILES
from evals.suites.hurl_v2.model import SuiteFile
from evals.suites.hurl_v2.runner import new_uid, run_files

__all__ = ["FILES", "SUITE", "HurlV2Suite"]


class HurlV2Suite:
    """The suite object (follows `evals.suites.base.Suite`)."""

    name = "hurl-v2"

    def __init__(self, uid: str | None = None, files: tuple[SuiteFile, ...] = FILES) -> None:
        self.uid = uid
        self.files = files

    @property
    def request_count(self) -> int:
        return sum(len(f.entries) for f in self.files)

    @property
    def check_count(self) -> int:
        return sum(f.check_count for f in self.files)

    def run(self, client: httpx.Client, on_request: OnRequest | None = None) -> SuiteResult:
        uid = self.uid or new_uid()
        return run_files(self.files, client, uid, self.name, on_request)


SUITE = HurlV2Suite()
