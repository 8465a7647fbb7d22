"""conduit-extra: the reference scores full marks on both databases, and seeded defects that both
official suites let through (a feed of every article, edits of other users' articles) are caught."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from evals.references import reference_path
from evals.results import EvalResult, SuiteResult
from evals.runner import EvalOptions, evaluate
from evals.suites.conduit_extra import ConduitExtraSuite
from evals.suites.conduit_extra.clauses import CLAUSES
from evals.suites.registry import UnknownSuite, load_suite, suite_names
from tests.reference_mutants import edited_reference
from tools.apps import AppLimits

CHECKS = 202
REQUESTS = 78
HURL_TOTAL = 538

# Seeded defects, each one edit of the reference: (file, text to find, replacement).
MUTANTS: dict[str, tuple[str, str, str]] = {
    # The feed forgets its follow filter: every article, by anyone.
    "feed_of_everything": (
        "app/repositories/articles.py",
        "        conditions.append(Article.author_id.in_(followed))\n",
        "        assert followed is not None\n",
    ),
    # Anyone may update or delete anyone's article.
    "edits_of_others": (
        "app/services/articles.py",
        '    if article.author_id != user_id:\n        raise Forbidden("article")\n',
        "    assert user_id is not None\n",
    ),
}


def _mutant(name: str, destination: Path) -> Path:
    return edited_reference(destination / name, [MUTANTS[name]], f"mutant {name}")


def _evaluate(workspace: Path, provider, suites: tuple[str, ...] = ("conduit-extra",)) -> EvalResult:
    options = EvalOptions(limits=AppLimits(startup_s=30.0, stop_grace_s=1.0))
    return evaluate(workspace, [load_suite(s) for s in suites], provider, options)


def _suite(result: EvalResult, name: str) -> SuiteResult:
    return next(s for s in result.suites if s.suite == name)


def _failed(suite: SuiteResult) -> list[str]:
    return [f"{r.name} | {a.name}" for r in suite.requests for a in r.assertions if not a.passed]


@pytest.mark.parametrize("database", ["postgres", "sqlite"])
def test_reference_scores_full_marks(database: str, request: pytest.FixtureRequest) -> None:
    result = _evaluate(reference_path(), request.getfixturevalue(database))
    extra = _suite(result, "conduit-extra")
    assert not _failed(extra), "\n".join(_failed(extra))
    assert (extra.passed, extra.total, len(extra.requests)) == (CHECKS, CHECKS, REQUESTS)
    assert result.all_passed


def test_a_feed_of_every_article_fails_only_the_feed_clauses(tmp_path: Path, sqlite) -> None:
    result = _evaluate(_mutant("feed_of_everything", tmp_path), sqlite, ("hurl-v2", "conduit-extra"))
    hurl, extra = _suite(result, "hurl-v2"), _suite(result, "conduit-extra")
    assert (hurl.passed, hurl.total) == (HURL_TOTAL, HURL_TOTAL)  # the official suite does not notice
    clauses = {name.split(" | ")[1].split(":")[0] for name in _failed(extra)}
    assert clauses == {"feed.followed-only", "feed.newest-first", "feed.count-total", "feed.unfollow"}
    assert extra.total == CHECKS


def test_editing_another_users_article_fails_the_ownership_clauses(tmp_path: Path, sqlite) -> None:
    result = _evaluate(_mutant("edits_of_others", tmp_path), sqlite)
    extra = _suite(result, "conduit-extra")
    failed = _failed(extra)
    clauses = {name.split(" | ")[1].split(":")[0] for name in failed}
    assert {"articles.owner-only", "errors.forbidden-body"} <= clauses
    assert "a updates b's article | articles.owner-only: status 403" in failed
    assert "b1 after the refused delete | articles.owner-only: status 200" in failed
    # What ran before the takeover is untouched by it.
    assert not clauses & {"feed.followed-only", "list.filters-combined", "users.unique", "counts.consistent"}
    assert extra.total == CHECKS


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_dead_server_counts_every_check_as_failed() -> None:
    with httpx.Client(base_url=f"http://127.0.0.1:{_unused_port()}", timeout=2) as client:
        result = ConduitExtraSuite(uid="dead").run(client)
    assert (result.passed, result.total, len(result.requests)) == (0, CHECKS, REQUESTS)
    assert {r.transport_failure for r in result.requests} == {"refused", "not_sent"}
    assert all(a.message for r in result.requests for a in r.assertions)


def test_every_check_names_a_contract_clause() -> None:
    with httpx.Client(base_url=f"http://127.0.0.1:{_unused_port()}", timeout=2) as client:
        result = ConduitExtraSuite(uid="names").run(client)
    used = {a.name.split(":")[0] for r in result.requests for a in r.assertions}
    assert used == set(CLAUSES), set(CLAUSES) ^ used
    assert all(r.assertions for r in result.requests)


def test_all_means_the_official_suites_and_extra_runs_when_named() -> None:
    assert suite_names("all") == ["postman-v1", "hurl-v2"]
    assert suite_names("conduit-extra") == ["conduit-extra"]
    assert load_suite("conduit-extra,uid=fixed").uid == "fixed"
    with pytest.raises(UnknownSuite, match="conduit-extra"):
        suite_names("conduit-xtra")
