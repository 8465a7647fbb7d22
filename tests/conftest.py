"""Fixtures with real parts: a private PostgreSQL cluster for the session, SQLite files, tiny apps."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

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
