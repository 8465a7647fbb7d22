"""Which requests of postman-v1 a removed feature must cost, derived from the suite's own structure.

A request is *lost* to a removed feature when
  1. its method and path (with `/api` and the query cut, every `{{variable}}` a free segment) is one of
     the feature's contract routes; or
  2. it uses (in its URL, its body, or the `{{token}}` of an authenticated request) a variable whose only
     source in the collection is a lost request: `token` comes from Login and Remember Token, `slug`
     from Create Article, `commentId` from Create Comment for Article (requests.py documents them).
Lost requests are taken in the collection's order, so rule 2 follows chains (a comment needs its
article's slug). Every other request must answer exactly as it does on the full backend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel

from evals.results import RequestOutcome, SuiteResult
from evals.runner import EvalOptions, evaluate
from evals.scaffolds.workspace import prepare_workspace
from evals.suites.postman_v1.requests import REQUESTS, RequestSpec
from evals.suites.registry import load_suite
from evals.tasks.feature import feature_of
from evals.tasks.model import BenchTask
from tools.databases import DatabaseProvider

_VARIABLE = re.compile(r"\{\{([^{}]*?)}}")
CAPTURED_BY = {"token": "Login and Remember Token", "slug": "Create Article", "commentId": "Create Comment for Article"}


def _route_pattern(path: str) -> re.Pattern[str]:
    parts = (r"[^/]+" if part.startswith("{") else re.escape(part) for part in path.split("/"))
    return re.compile("/".join(parts) + "/?")


def request_path(spec: RequestSpec) -> str:
    """`{{APIURL}}/articles/{{slug}}/comments?x=1` -> `/articles/v/comments` (variables as one segment each)."""
    path = spec.url.removeprefix("{{APIURL}}").split("?", 1)[0]
    return _VARIABLE.sub("v", path)


def variables_used(spec: RequestSpec) -> set[str]:
    used = set(_VARIABLE.findall(spec.url)) | set(_VARIABLE.findall(spec.body))
    return used | {"token"} if spec.authenticated else used


def lost_requests(routes: Iterable[tuple[str, str]], requests: tuple[RequestSpec, ...] = REQUESTS) -> set[int]:
    """The 1-based indexes (as the suite numbers its outcomes) of the requests a removal must cost."""
    patterns = [(method, _route_pattern(path)) for method, path in routes]
    lost: set[int] = set()
    lost_names: set[str] = set()
    for index, spec in enumerate(requests, start=1):
        path = request_path(spec)
        on_route = any(method == spec.method and pattern.fullmatch(path) for method, pattern in patterns)
        needs_lost = any(CAPTURED_BY.get(name) in lost_names for name in variables_used(spec))
        if on_route or needs_lost:
            lost.add(index)
            lost_names.add(spec.name)
    return lost


def answered_alike(full: RequestOutcome, other: RequestOutcome) -> bool:
    """Same status, same checks passed, no error: the request did not notice the difference."""
    return (
        other.error is None
        and other.status == full.status
        and [(a.name, a.passed) for a in other.assertions] == [(a.name, a.passed) for a in full.assertions]
    )


def differing_requests(full: SuiteResult, patched: SuiteResult) -> set[int]:
    """The indexes of the requests the patched backend answered otherwise than the full one."""
    by_index = {outcome.index: outcome for outcome in patched.requests}
    return {
        outcome.index
        for outcome in full.requests
        if outcome.index not in by_index or not answered_alike(outcome, by_index[outcome.index])
    }


class FeatureCheck(BaseModel):
    """A feature task's patch, checked against its full reference with postman-v1."""

    task: str
    started: bool  # the patched backend still starts and answers its health check
    full_failing: list[int]  # requests the full reference fails (expected: none)
    expected_lost: list[int]
    differing: list[int]

    @property
    def exact(self) -> bool:
        return self.started and not self.full_failing and self.expected_lost == self.differing


def _postman(workspace: Path, provider: DatabaseProvider | None, options: EvalOptions) -> tuple[bool, SuiteResult]:
    result = evaluate(workspace, [load_suite("postman-v1")], provider, options)
    return result.startup.ok, result.suites[0]


def check_feature_task(
    task: BenchTask, scratch: Path, provider: DatabaseProvider | None, options: EvalOptions | None = None,
    full: SuiteResult | None = None,
) -> tuple[FeatureCheck, SuiteResult]:  # fmt: skip
    """Score the reference and the patched copy (seeded as a scaffold's workspace is); `full` reuses a score."""
    feature = feature_of(task)
    if feature is None or task.repo is None:
        raise ValueError(f"{task.name} is not a feature task of a bundled reference")
    options = options or EvalOptions()
    if full is None:
        _, full = _postman(task.repo, provider, options)
    workspace = scratch / task.name
    prepare_workspace(task, workspace, options.isolation)
    started, patched = _postman(workspace, provider, options)
    failing = sorted(o.index for o in full.requests if o.error or o.failed or (o.status or 500) >= 400)
    check = FeatureCheck(
        task=task.name, started=started, full_failing=failing, expected_lost=sorted(lost_requests(feature.routes)),
        differing=sorted(differing_requests(full, patched)),
    )  # fmt: skip
    return check, full
