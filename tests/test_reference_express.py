"""The Express + Sequelize reference: full marks on every suite on both databases, and its compliance.

One copy of the reference is installed once (sqlite3 compiles from source unless the node_modules cache
holds it) and evaluated on PostgreSQL and SQLite in turn.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from planners.compliance.report import check_all
from planners.constraints.model import ConstraintSet
from tools.apps import AppLimits

NAME = "express-clean-sequelize"
TOTALS = {"postman-v1": 311, "hurl-v2": 538, "conduit-extra": 202}


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # A copy: the harness installs node_modules into the workspace it scores.
    target = tmp_path_factory.mktemp("express") / NAME
    shutil.copytree(reference_path(NAME), target, ignore=shutil.ignore_patterns("node_modules"))
    return target


def _constraints(database: str) -> ConstraintSet:
    return ConstraintSet(framework="express", language="node", architecture="clean", database=database, orm="sequelize")


@pytest.mark.parametrize("database", ["postgres", "sqlite"])
def test_full_marks_on_every_suite(database: str, workspace: Path, request: pytest.FixtureRequest) -> None:
    provider = request.getfixturevalue(database)
    # A cold install compiles sqlite3 (about a minute here): the limit leaves room for a loaded machine.
    limits = AppLimits(startup_s=60.0, install_s=600.0, stop_grace_s=1.0)
    result = evaluate(workspace, [load_suite(name) for name in TOTALS], provider, EvalOptions(limits=limits))
    assert result.install.ok and result.startup.ok and result.startup.health_status == 200
    scores = {suite.suite: (suite.passed, suite.total) for suite in result.suites}
    assert scores == {name: (total, total) for name, total in TOTALS.items()}
    assert result.model_dump(by_alias=True)["pass"] is True


def test_compliant_on_sqlite() -> None:
    report = check_all(reference_path(NAME), _constraints("sqlite"))
    assert report.compliant, report


def test_postgresql_compliance_is_refused_only_for_the_declared_sqlite_driver() -> None:
    # The checker treats a declared SQLite driver as a way to run without the required PostgreSQL server,
    # even when the database is chosen by DATABASE_URL alone; every other constraint holds.
    report = check_all(reference_path(NAME), _constraints("postgresql"))
    verdicts = {verdict.kind: verdict for verdict in report.verdicts}
    assert set(verdicts) == {"framework", "architecture", "database", "orm"}
    assert all(v.compliant for kind, v in verdicts.items() if kind != "database"), report
    assert [v.reason for v in verdicts["database"].violations] == [
        "SQLite driver sqlite3 declared in a PostgreSQL task"
    ]
