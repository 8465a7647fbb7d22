"""Rendered skeletons, proved for real through the harness's runner (benchmarks/skeleton_proof.py): each
installs, starts on a fresh database of its kind, has created its tables there, reads back a row the
harness inserted through its repository, passes its compliance checks and postman-v1's "All Tags".

One variant per framework, covering every database (PostgreSQL, SQLite, none -> SQLite) and every data
layer: SQLAlchemy sync (psycopg, pysqlite) and async (asyncpg), the psycopg / sqlite3 / aiosqlite / pg /
better-sqlite3 driver modules, Sequelize over pg and over sqlite3 (a second native module to compile, about a
minute the first time; the node_modules cache keeps it). benchmarks/skeletons.py proves all 80.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.skeleton_proof import prove, task_name
from planners.constraints import ConstraintSet

CI_VARIANTS = [
    ("flask", "clean", "postgresql", "sqlalchemy"),
    ("fastapi", "clean", "postgresql", "none"),
    ("django", "clean", "sqlite", "sqlalchemy"),
    ("aiohttp", "clean", "postgresql", "sqlalchemy"),
    ("aiohttp", "none", "none", "none"),
    ("flask", "none", "sqlite", "none"),
    ("express", "clean", "postgresql", "sequelize"),
    ("fastify", "none", "postgresql", "none"),
    ("koa", "clean", "sqlite", "none"),
    ("hono", "none", "postgresql", "sequelize"),
    ("express", "none", "sqlite", "sequelize"),
]


def _name(variant: tuple[str, str, str, str]) -> str:
    framework, architecture, database, orm = variant
    return task_name(ConstraintSet(framework=framework, architecture=architecture, database=database, orm=orm))


@pytest.mark.parametrize("variant", CI_VARIANTS, ids=_name)
def test_skeleton_works_for_real(variant: tuple[str, str, str, str], tmp_path: Path, postgres, sqlite) -> None:
    framework, architecture, database, orm = variant
    constraints = ConstraintSet(framework=framework, architecture=architecture, database=database, orm=orm)
    row = prove(constraints, tmp_path, {"postgresql": postgres, "sqlite": sqlite})
    assert row.problem is None, row.problem
    assert row.compliant, row.violations
    assert row.tables == row.tables_expected == 7
    assert row.smoke and row.tags_scored
