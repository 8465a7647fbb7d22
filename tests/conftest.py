"""Fixtures with real parts: a private PostgreSQL cluster for the session, SQLite files, tiny apps."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tools.databases import DatabaseProvider, DatabaseUnavailable, open_provider


@pytest.fixture(scope="session")
def postgres() -> Iterator[DatabaseProvider]:
    try:
        provider = open_provider("postgres")
    except DatabaseUnavailable as exc:
        # PostgreSQL is the database that matters most here: its absence fails the run unless waived.
        if os.environ.get("CAGENT_TESTS_WITHOUT_POSTGRES") == "1":
            pytest.skip(f"PostgreSQL unavailable (waived by CAGENT_TESTS_WITHOUT_POSTGRES=1): {exc}")
        pytest.fail(f"PostgreSQL unavailable: {exc} (set CAGENT_TESTS_WITHOUT_POSTGRES=1 to skip these tests)")
    assert provider is not None
    yield provider
    provider.close()


@pytest.fixture(scope="session")
def sqlite() -> Iterator[DatabaseProvider]:
    provider = open_provider("sqlite")
    assert provider is not None
    yield provider
    provider.close()


@pytest.fixture(params=["bwrap", "none"])
def isolation(request: pytest.FixtureRequest) -> str:
    """Each test taking it runs twice: in a bubblewrap box, and as a plain host process."""
    if request.param == "bwrap":
        _require_bubblewrap()
    return str(request.param)


@pytest.fixture
def isolation_required() -> None:
    """For tests of boxes themselves: bubblewrap must work here (or the run waives it)."""
    _require_bubblewrap()


def _require_bubblewrap() -> None:
    from tools.isolation.probe import isolation_problem

    if (problem := isolation_problem()) is not None:
        # Isolation is what keeps hostile code in: its absence fails the run unless waived.
        if os.environ.get("CAGENT_TESTS_WITHOUT_BWRAP") == "1":
            pytest.skip(f"bubblewrap unavailable (waived by CAGENT_TESTS_WITHOUT_BWRAP=1): {problem}")
        pytest.fail(f"bubblewrap unavailable: {problem} (set CAGENT_TESTS_WITHOUT_BWRAP=1 to skip these tests)")
