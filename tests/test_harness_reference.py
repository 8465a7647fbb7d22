"""End to end: the reference backend and broken copies of it, on real databases, real processes, real HTTP."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from evals.references import reference_path
from evals.results import EvalResult
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tests.reference_mutants import make_mutant
from tools.apps import AppLimits
from tools.apps.process import _marker_owner, marked_pids_any

POSTMAN_FRESH_TOTAL = 311
HURL_TOTAL = 538
# Checks newman counts for the first 18 Postman requests (up to "Update Article") when they all pass.
POSTMAN_BEFORE_FAVORITE = 189


def _ours_still_running() -> list[int]:
    return [pid for pid in marked_pids_any() if _marker_owner(pid) == os.getpid()]


def _evaluate(workspace: Path, provider, suites=("postman-v1",), **options) -> EvalResult:
    limits = AppLimits(startup_s=options.pop("startup_s", 30.0), stop_grace_s=1.0)
    result = evaluate(workspace, [load_suite(s) for s in suites], provider, EvalOptions(limits=limits, **options))
    assert _ours_still_running() == [], "an app process survived its evaluation"
    return result


def _by_name(result: EvalResult, suite: str, name: str):
    """The last request of that name (the Postman collection repeats some names across folders)."""
    outcomes = next(s for s in result.suites if s.suite == suite).requests
    return [o for o in outcomes if o.name == name][-1]


def _leftover_databases(provider) -> int:
    admin = getattr(provider, "_admin", None)
    if admin is None:
        return 0
    with psycopg.connect(admin.admin_url) as conn:
        return conn.execute("SELECT count(*) FROM pg_database WHERE datname LIKE 'cagent_eval_%'").fetchone()[0]


@pytest.mark.parametrize("database", ["postgres", "sqlite"])
def test_reference_scores_full_marks_on_both_suites(database: str, request) -> None:
    provider = request.getfixturevalue(database)
    result = _evaluate(reference_path(), provider, suites=("postman-v1", "hurl-v2"))
    postman, hurl = result.suites
    assert (postman.passed, postman.total) == (POSTMAN_FRESH_TOTAL, POSTMAN_FRESH_TOTAL)
    assert (hurl.passed, hurl.total) == (HURL_TOTAL, HURL_TOTAL)
    assert result.all_passed and result.startup.ok and result.startup.health_status == 200
    assert result.model_dump(by_alias=True)["pass"] is True
    assert result.timings.suite > 0 and result.timings.startup > 0
    assert _leftover_databases(provider) == 0


def test_server_that_never_listens(tmp_path: Path, sqlite) -> None:
    result = _evaluate(make_mutant("never_listens", tmp_path), sqlite, startup_s=2.0)
    assert not result.startup.ok and result.startup.reason == "timeout"
    assert result.passed == 0 and result.total > 0
    assert all(r.error and "not sent" in r.error for r in result.suites[0].requests)


def test_server_that_crashes_mid_suite(tmp_path: Path, postgres) -> None:
    result = _evaluate(make_mutant("crashes_mid_suite", tmp_path), postgres)
    requests = result.suites[0].requests
    favorite = _by_name(result, "postman-v1", "Favorite Article")
    assert result.passed == POSTMAN_BEFORE_FAVORITE
    assert all(r.failed == 0 and r.error is None for r in requests[: favorite.index - 1])
    assert favorite.error and all(r.error for r in requests[favorite.index :])
    assert _leftover_databases(postgres) == 0


def test_server_that_hangs_on_one_route(tmp_path: Path, sqlite) -> None:
    result = _evaluate(make_mutant("hangs_on_tags", tmp_path), sqlite, request_timeout_s=1.5)
    tags = _by_name(result, "postman-v1", "All Tags")
    assert tags.error and "timed out" in tags.error.lower()
    assert result.passed == POSTMAN_FRESH_TOTAL - 3  # only the three checks of "All Tags" are lost


def test_server_that_forks_a_daemon_leaves_nothing(tmp_path: Path, sqlite) -> None:
    result = _evaluate(make_mutant("forks_a_daemon", tmp_path), sqlite)
    assert result.passed == POSTMAN_FRESH_TOTAL


def test_server_that_answers_bearer_only(tmp_path: Path, sqlite) -> None:
    result = _evaluate(make_mutant("bearer_only", tmp_path), sqlite)
    current_user = _by_name(result, "postman-v1", "Current User")
    assert current_user.status == 401 and (current_user.passed, current_user.failed) == (0, 6)
    login = _by_name(result, "postman-v1", "Login and Remember Token")
    assert login.failed == 0
    assert not result.all_passed


def test_server_that_lacks_a_route(tmp_path: Path, sqlite) -> None:
    result = _evaluate(make_mutant("lacks_tags_route", tmp_path), sqlite)
    tags = _by_name(result, "postman-v1", "All Tags")
    assert tags.status == 404 and tags.passed == 0 and tags.failed >= 1
    assert result.passed == POSTMAN_FRESH_TOTAL - 3


def test_unsorted_tags_fail_postman_but_not_hurl(tmp_path: Path, sqlite) -> None:
    result = _evaluate(make_mutant("unsorted_tags", tmp_path), sqlite, suites=("postman-v1", "hurl-v2"))
    postman, hurl = result.suites
    by_tag = _by_name(result, "postman-v1", "Articles by Tag")
    failed = sorted(a.name for a in by_tag.assertions if not a.passed)
    assert failed == ["The first tag is dragons", "The second tag is training"]
    assert (postman.passed, postman.total) == (POSTMAN_FRESH_TOTAL - 2, POSTMAN_FRESH_TOTAL)
    assert (hurl.passed, hurl.total) == (HURL_TOTAL, HURL_TOTAL)


def test_strict_bind_fails_a_loopback_only_server(tmp_path: Path, sqlite) -> None:
    workspace = make_mutant("forks_a_daemon", tmp_path)  # any copy; make it bind to loopback
    main = workspace / "app" / "__main__.py"
    text = main.read_text()
    assert '"0.0.0.0"' in text
    main.write_text(text.replace('"0.0.0.0"', '"127.0.0.1"'))
    lenient = _evaluate(workspace, sqlite)
    assert lenient.startup.loopback_only and lenient.passed == POSTMAN_FRESH_TOTAL
    strict = _evaluate(workspace, sqlite, strict_bind=True)
    assert strict.startup.reason == "loopback_only" and strict.passed == 0
