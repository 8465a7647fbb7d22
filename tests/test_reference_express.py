"""The Express + Sequelize reference: full marks on every suite on both databases, compliant with each task.

It comes in two variants that differ only in the driver they declare (pg, or sqlite3 which compiles from
source unless the node_modules cache holds it): a task's database must not ship the other's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.scaffolds.none import REFERENCE_STACKS
from evals.suites.registry import load_suite
from planners.compliance.report import check_all
from planners.constraints.model import ConstraintSet
from tools.apps import AppLimits

NAME = "express-clean-sequelize"
TOTALS = {"postman-v1": 311, "hurl-v2": 538, "conduit-extra": 202}
# variant -> (test fixture of the database, the constraint value)
VARIANTS = {"postgres": ("postgres", "postgresql"), "sqlite": ("sqlite", "sqlite")}


def _constraints(database: str) -> ConstraintSet:
    return ConstraintSet(framework="express", language="node", architecture="clean", database=database, orm="sequelize")


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_full_marks_on_every_suite(variant: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    fixture, database = VARIANTS[variant]
    # A copy: the harness installs node_modules into the workspace it scores.
    workspace = tmp_path / variant
    shutil.copytree(reference_path(f"{NAME}/{variant}"), workspace, ignore=shutil.ignore_patterns("node_modules"))
    # A cold install compiles sqlite3 (about a minute here): the limits leave room for a loaded machine.
    limits = AppLimits(startup_s=60.0, install_s=600.0, stop_grace_s=1.0)
    options = EvalOptions(limits=limits, constraints=_constraints(database))
    result = evaluate(workspace, [load_suite(name) for name in TOTALS], request.getfixturevalue(fixture), options)
    assert result.install.ok and result.startup.ok and result.startup.health_status == 200
    scores = {suite.suite: (suite.passed, suite.total) for suite in result.suites}
    assert scores == {name: (total, total) for name, total in TOTALS.items()}
    assert result.compliance is not None and result.compliance.compliant, result.compliance
    assert result.model_dump(by_alias=True)["pass"] is True


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_each_variant_complies_with_its_database_only(variant: str) -> None:
    _, database = VARIANTS[variant]
    other = "sqlite" if database == "postgresql" else "postgresql"
    assert check_all(reference_path(f"{NAME}/{variant}"), _constraints(database)).compliant
    refused = check_all(reference_path(f"{NAME}/{variant}"), _constraints(other)).verdict("database")
    # Each variant declares only its own driver, so it cannot serve the other database's task.
    assert refused is not None and not refused.compliant
    assert REFERENCE_STACKS[f"{NAME}/{variant}"] == ("express", "clean", (database,), "sequelize")


def _files(directory: Path) -> set[Path]:
    return {p.relative_to(directory) for p in directory.rglob("*") if p.is_file() and "node_modules" not in p.parts}


def test_variants_differ_only_in_their_manifests() -> None:
    roots = {variant: reference_path(f"{NAME}/{variant}") for variant in VARIANTS}  # assembled from one code
    files = {variant: _files(root) for variant, root in roots.items()}
    assert files["postgres"] == files["sqlite"] and Path("src/services/articles.js") in files["sqlite"]
    manifests = {Path("package.json"), Path("package-lock.json")}
    for rel in sorted(files["postgres"] - manifests):
        assert (roots["postgres"] / rel).read_bytes() == (roots["sqlite"] / rel).read_bytes(), rel
    assert '"pg"' in (roots["postgres"] / "package.json").read_text()
    assert '"sqlite3"' in (roots["sqlite"] / "package.json").read_text()
