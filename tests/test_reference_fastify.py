"""The Fastify plain-driver reference: full marks on every suite on both databases, and compliant.

It comes as two variants, one per driver (pg, better-sqlite3), identical except for the driver module and
the manifests; each is copied once (the harness installs node_modules into the workspace it scores) and
evaluated on its own database.
"""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.scaffolds.none import matching_reference
from evals.suites.registry import load_suite
from evals.tasks.catalog import greenfield_tasks
from planners.compliance.report import check_all
from planners.constraints.model import ConstraintSet
from tools.apps import AppLimits

NAME = "fastify-plain-driver"
VARIANTS = {"postgres": "postgresql", "sqlite": "sqlite"}  # variant folder -> the database it serves
DRIVER_FILES = {"src/data/db.js", "package.json", "package-lock.json", "run.sh"}
TOTALS = {"postman-v1": 311, "hurl-v2": 538, "conduit-extra": 202}


def _variant(name: str) -> Path:
    return reference_path(f"{NAME}/{name}")


def _constraints(database: str) -> ConstraintSet:
    return ConstraintSet(framework="fastify", language="node", architecture="none", database=database, orm="none")


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and "node_modules" not in p.parts}


@pytest.mark.parametrize("variant", ["postgres", "sqlite"])
def test_full_marks_on_every_suite(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    provider = request.getfixturevalue(variant)
    workspace = tmp_path / variant
    shutil.copytree(_variant(variant), workspace, ignore=shutil.ignore_patterns("node_modules", "*.db"))
    # A cold install compiles better-sqlite3 (about a minute here): room for a loaded machine.
    limits = AppLimits(startup_s=60.0, install_s=600.0, stop_grace_s=1.0)
    options = EvalOptions(limits=limits, constraints=_constraints(VARIANTS[variant]))
    result = evaluate(workspace, [load_suite(name) for name in TOTALS], provider, options)
    assert result.install.ok and result.startup.ok and result.startup.health_status == 200
    scores = {suite.suite: (suite.passed, suite.total) for suite in result.suites}
    assert scores == {name: (total, total) for name, total in TOTALS.items()}
    document = result.model_dump(by_alias=True)
    assert document["pass"] is True and document["compliance"]["compliant"] is True, document["compliance"]


@pytest.mark.parametrize("variant", ["postgres", "sqlite"])
def test_each_variant_complies_with_its_database_and_not_the_other(variant: str) -> None:
    own = VARIANTS[variant]
    report = check_all(_variant(variant), _constraints(own))
    assert report.compliant, report
    assert {v.kind for v in report.verdicts} >= {"framework", "database"}
    other = next(db for db in VARIANTS.values() if db != own)
    assert not check_all(_variant(variant), _constraints(other)).compliant


def test_variants_differ_only_in_the_driver() -> None:
    postgres, sqlite = _variant("postgres"), _variant("sqlite")
    assert _files(postgres) == _files(sqlite)
    shared = sorted(_files(postgres) - DRIVER_FILES)
    assert "src/app.js" in shared and "src/data/articles.js" in shared
    _, mismatch, errors = filecmp.cmpfiles(postgres, sqlite, shared, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert "require('pg')" in (postgres / "src/data/db.js").read_text()
    assert "require('better-sqlite3')" in (sqlite / "src/data/db.js").read_text()


def test_the_none_scaffold_picks_the_variant_of_the_task_database() -> None:
    picked = {task.name: matching_reference(task) for task in greenfield_tasks() if task.framework == "fastify"}
    assert picked["fastify-openapi-postgres"] == f"{NAME}/postgres"
    assert picked["fastify-openapi-sqlite"] == f"{NAME}/sqlite"
    assert picked["fastify-openapi-unconstrained"] == f"{NAME}/postgres"  # such tasks get PostgreSQL
    # Clean architecture or an ORM is a constraint this reference does not meet.
    assert {name for name, ref in picked.items() if ref} == {
        "fastify-openapi-postgres",
        "fastify-openapi-sqlite",
        "fastify-openapi-unconstrained",
    }
