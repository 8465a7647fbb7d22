"""ConstraintSet validation and the catalog's obligations."""

from __future__ import annotations

from pathlib import Path

import pytest

from planners.constraints import (
    FRAMEWORKS,
    ConstraintError,
    ConstraintSet,
    Obligation,
    architecture,
    database,
    framework,
    orm,
)
from planners.constraints.catalog import CATALOG, obligations_for

REFERENCE = Path(__file__).resolve().parents[1] / "evals" / "reference" / "flask-clean-sqlalchemy"


@pytest.mark.parametrize(("name", "language"), list(FRAMEWORKS.items()))
def test_language_follows_the_framework(name: str, language: str) -> None:
    assert ConstraintSet(framework=name).language == language


def test_defaults_are_unconstrained_and_spellings_are_normalised() -> None:
    bare = ConstraintSet(framework="Flask")
    assert (bare.framework, bare.architecture, bare.database, bare.orm) == ("flask", "none", "none", "none")
    assert bare.level() == 0 and bare.constrained_kinds() == ["framework"]
    full = ConstraintSet(framework="express", architecture="clean_architecture", database="postgres", orm="Sequelize")
    assert (full.architecture, full.database, full.orm) == ("clean", "postgresql", "sequelize")
    assert full.level() == 3
    assert full.describe() == "express (Node), architecture clean, database postgresql, orm sequelize"
    assert ConstraintSet(framework="hono", database=None).database == "none"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"framework": "flask", "orm": "sequelize"}, "orm sequelize is for Node frameworks; flask is Python"),
        ({"framework": "koa", "orm": "sqlalchemy"}, "orm sqlalchemy is for Python frameworks; koa is Node"),
        ({"framework": "rails"}, "unknown framework 'rails'; choose one of flask, fastapi, django, aiohttp, express"),
        ({"framework": "flask", "database": "mysql"}, "unknown database 'mysql'; choose one of sqlite, postgresql"),
        ({"framework": "flask", "architecture": "hexagonal"}, "unknown architecture 'hexagonal'; choose one of"),
        (
            {"framework": "fastify", "language": "python"},
            "language Python contradicts framework fastify, which is Node",
        ),
        ({"framework": ""}, "a framework is required"),
        ({"framework": "flask", "cache": "redis"}, "unknown constraint 'cache'"),
    ],
)
def test_contradictions_fail_with_one_reason(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ConstraintError) as caught:
        ConstraintSet(**fields)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_model_validate_raises_the_same_error_and_round_trips() -> None:
    with pytest.raises(ConstraintError, match="orm sequelize is for Node"):
        ConstraintSet.model_validate({"framework": "django", "orm": "sequelize"})
    original = ConstraintSet(framework="django", database="sqlite", orm="sqlalchemy")
    assert ConstraintSet.model_validate(original.model_dump()) == original
    assert ConstraintSet.model_validate_json(original.model_dump_json()) == original


def test_orm_without_a_database_constraint_is_allowed() -> None:
    # "none" means "not constrained": the agent picks the database, the ORM is still required.
    assert ConstraintSet(framework="flask", orm="sqlalchemy").constrained_kinds() == ["framework", "orm"]


def _ids(items: list[Obligation]) -> set[str]:
    return {item.id for item in items}


def test_clean_architecture_obligations_name_the_four_layers_and_the_direction() -> None:
    items = architecture.obligations(ConstraintSet(framework="flask", architecture="clean"))
    layouts = [item for item in items if item.topic == "layout"]
    assert [item.id.rsplit(".", 1)[-1] for item in layouts] == ["routes", "services", "repositories", "models"]
    assert "`repositories/`" in layouts[2].text and "dao" in layouts[2].text
    downward = next(item for item in items if item.id == "architecture.clean.downward")
    assert "routes -> services -> repositories -> models" in downward.text
    assert all(item.kind == "architecture" for item in items)
    assert architecture.obligations(ConstraintSet(framework="flask")) == []


def test_database_obligations_depend_on_the_language() -> None:
    python = database.obligations(ConstraintSet(framework="fastapi", database="postgresql"))
    node = database.obligations(ConstraintSet(framework="koa", database="postgresql"))
    texts = " ".join(item.text for item in python)
    assert "psycopg" in texts and "DATABASE_URL" in texts and "No SQLite" in texts
    assert "Declare pg in package.json" in " ".join(item.text for item in node)
    assert "database.postgresql.no-sqlite" in _ids(python)
    sqlite = database.obligations(ConstraintSet(framework="express", database="sqlite"))
    assert "better-sqlite3" in " ".join(item.text for item in sqlite)
    assert "database.sqlite.no-postgresql" in _ids(sqlite)


def test_orm_obligations() -> None:
    sa = orm.obligations(ConstraintSet(framework="flask", database="postgresql", orm="sqlalchemy"))
    texts = " ".join(item.text for item in sa)
    assert "DeclarativeBase" in texts and "Session" in texts and "text()" in texts
    seq = orm.obligations(ConstraintSet(framework="express", database="postgresql", orm="sequelize"))
    assert seq[0].text == "Declare sequelize and its driver (pg and pg-hstore) in package.json"
    assert any("{ replacements }" in item.text for item in seq)


@pytest.mark.parametrize("name", list(FRAMEWORKS))
def test_every_framework_has_dependency_app_start_and_pitfall(name: str) -> None:
    items = framework.obligations(ConstraintSet(framework=name))
    assert [item.topic for item in items] == ["dependency", "entrypoint", "entrypoint", "pitfall"]
    assert all(item.id.startswith(f"framework.{name}.") for item in items)


def test_obligations_for_a_full_task_are_unique_and_ordered_by_kind() -> None:
    constraints = ConstraintSet(framework="express", architecture="clean", database="sqlite", orm="sequelize")
    items = obligations_for(constraints)
    assert len(_ids(items)) == len(items)
    kinds = [item.kind for item in items]
    assert kinds == sorted(kinds, key=["framework", "architecture", "database", "orm"].index)
    assert {item.kind for item in obligations_for(ConstraintSet(framework="express"))} == {"framework"}


def test_catalog_has_one_entry_per_kind_and_each_checks_a_path() -> None:
    assert list(CATALOG) == ["framework", "architecture", "database", "orm"]
    constraints = ConstraintSet(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")
    for name, kind in CATALOG.items():
        verdict = kind.check(REFERENCE, constraints)
        assert (verdict.kind, verdict.value, verdict.compliant) == (name, constraints.value(name), True)
    assert framework.check(REFERENCE, constraints).evidence[0] == "flask declared in requirements.txt:1"
    assert orm.check(REFERENCE, ConstraintSet(framework="flask")).compliant  # unconstrained: nothing to fail
