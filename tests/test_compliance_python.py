"""Compliance checks on the Flask reference backend and on broken copies of it made here."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from planners.compliance.report import ComplianceReport, check_all
from planners.compliance.runtime import runtime_database_evidence
from planners.compliance.verdict import Verdict
from planners.constraints import ConstraintSet
from tools.databases import DatabaseProvider

PROJECT = Path(__file__).resolve().parents[1]
REFERENCE = PROJECT / "evals" / "reference" / "flask-clean-sqlalchemy"
POSTGRES_TASK = ConstraintSet(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")
SQLITE_TASK = ConstraintSet(framework="flask", architecture="clean", database="sqlite", orm="sqlalchemy")


@pytest.fixture
def backend(tmp_path: Path) -> Path:
    target = tmp_path / "backend"
    shutil.copytree(REFERENCE, target, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    return target


def edit(root: Path, relative: str, old: str, new: str) -> int:
    """Replace `old` once in a file (it must be there); returns the 1-based line where `new` starts."""
    path = root / relative
    text = path.read_text()
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def append(root: Path, relative: str, code: str) -> int:
    """Add code at the end of a file; returns the line of its first line."""
    path = root / relative
    text = path.read_text().rstrip("\n") + "\n\n\n"
    path.write_text(text + code)
    return text.count("\n") + 1


def reasons(verdict: Verdict | None, warnings: bool = False) -> list[str]:
    assert verdict is not None
    return [str(item) for item in (verdict.warnings if warnings else verdict.violations)]


def report(root: Path, constraints: ConstraintSet = POSTGRES_TASK) -> ComplianceReport:
    return check_all(root, constraints)


# ---- the reference -------------------------------------------------------------------------------------


@pytest.mark.parametrize("constraints", [POSTGRES_TASK, SQLITE_TASK], ids=["postgresql", "sqlite"])
def test_reference_is_fully_compliant(constraints: ConstraintSet) -> None:
    result = check_all(REFERENCE, constraints)
    assert [verdict.kind for verdict in result.verdicts] == ["framework", "architecture", "database", "orm"]
    assert result.compliant, [str(v) for verdict in result.verdicts for v in verdict.violations]
    assert result.verdict("architecture").published_compliant is True  # type: ignore[union-attr]


def test_reference_database_warnings_explain_what_was_tolerated() -> None:
    # PostgreSQL task: no fallback database, nothing tolerated.
    postgres = report(REFERENCE).verdict("database")
    assert reasons(postgres, warnings=True) == []
    assert any("psycopg declared (requirements.txt:4)" in line for line in postgres.evidence)  # type: ignore[union-attr]
    # The published verifier counts every SQLite mention (the reference also serves SQLite), so it fails it.
    assert postgres.published_compliant is False  # type: ignore[union-attr]
    # SQLite task: psycopg is declared, but a driver without a server cannot stand in for SQLite.
    sqlite = report(REFERENCE, SQLITE_TASK).verdict("database")
    assert reasons(sqlite, warnings=True) == ["requirements.txt:4 PostgreSQL driver psycopg declared in a SQLite task"]


# ---- architecture --------------------------------------------------------------------------------------


def test_route_importing_a_repository_is_flagged(backend: Path) -> None:
    line = edit(backend, "app/routes/tags.py", "from ..services import tags\n", "from ..repositories import tags\n")
    verdict = report(backend).verdict("architecture")
    assert reasons(verdict) == [
        f"app/routes/tags.py:{line} routes import repositories (app.repositories.tags): reach data through services"
    ]
    assert verdict.published_compliant is True  # type: ignore[union-attr]  # not upward: the published rule allows it


def test_service_importing_an_orm_session_is_flagged(backend: Path) -> None:
    line = edit(
        backend,
        "app/services/tags.py",
        "from ..repositories",
        "from sqlalchemy.orm import Session\nfrom ..repositories",
    )
    assert reasons(report(backend).verdict("architecture")) == [
        f"app/services/tags.py:{line} services import the ORM (sqlalchemy.orm): only repositories touch the database"
    ]


def test_upward_import_inside_a_function_is_caught(backend: Path) -> None:
    line = append(
        backend,
        "app/models/tag.py",
        "def describe() -> str:\n    from ..services import tags\n\n    return str(tags)\n",
    )
    verdict = report(backend).verdict("architecture")
    assert reasons(verdict) == [
        f"app/models/tag.py:{line + 1} models import services (app.services.tags) inside a function: "
        "imports must point downward"
    ]
    assert verdict.published_compliant is False  # type: ignore[union-attr]


def test_missing_layer_fails_ours_but_not_the_published_rule(backend: Path) -> None:
    (backend / "app" / "repositories").rename(backend / "app" / "storage")
    verdict = report(backend).verdict("architecture")
    assert any("no repositories layer" in reason for reason in reasons(verdict))
    assert verdict.published_compliant is True  # type: ignore[union-attr]  # 3 of 4 layers and nothing upward


def test_route_using_a_local_database_module_or_querying_a_model_is_flagged(backend: Path) -> None:
    (backend / "app" / "db.py").write_text("from sqlalchemy.orm import Session\n\nsession = Session()\n")
    db_line = edit(
        backend,
        "app/routes/tags.py",
        "from ..services import tags\n",
        "from ..db import session\nfrom ..services import tags\n",
    )
    query_line = append(
        backend,
        "app/services/tags.py",
        "from ..models import Tag\n\n\ndef first() -> object:\n    return Tag.query.first()\n",
    )
    assert reasons(report(backend).verdict("architecture")) == [
        f"app/routes/tags.py:{db_line} routes import app.db, which opens the database (sqlalchemy.orm): "
        "only repositories touch the database",
        f"app/services/tags.py:{query_line + 4} services query a model (Tag.query): "
        "only repositories touch the database",
    ]


# ---- database ------------------------------------------------------------------------------------------


def test_sqlite_fallback_in_config_fails_a_postgresql_task(backend: Path) -> None:
    line = append(
        backend,
        "app/config.py",
        'SQLITE_FALLBACK = "sqlite:///fallback.db"\n\n\n'
        "def database_url() -> str:\n"
        "    # Keep working without a server.\n"
        '    return os.environ["DATABASE_URL"] if os.environ.get("PGHOST") else SQLITE_FALLBACK\n',
    )
    verdict = report(backend).verdict("database")
    assert reasons(verdict) == [f"app/config.py:{line} SQLite connection (sqlite:///fallback.db) in a PostgreSQL task"]


def test_hard_coded_sqlite_engine_and_sqlite_driver_fail_a_postgresql_task(backend: Path) -> None:
    line = edit(
        backend,
        "app/repositories/database.py",
        "    engine = build_engine(url)\n",
        '    engine = build_engine("sqlite:///app.db")\n',
    )
    req = edit(backend, "requirements.txt", "PyJWT", "aiosqlite==0.21.0\nPyJWT")
    assert reasons(report(backend).verdict("database")) == [
        f"app/repositories/database.py:{line} SQLite connection (sqlite:///app.db) in a PostgreSQL task",
        f"requirements.txt:{req} SQLite driver aiosqlite declared in a PostgreSQL task",
    ]


def test_sqlite_task_fails_on_direct_postgresql_use(backend: Path) -> None:
    line = append(
        backend, "app/repositories/tags.py", 'import psycopg\n\nSERVER = "postgresql://user:pw@postgres:5432/conduit"\n'
    )
    assert reasons(report(backend, SQLITE_TASK).verdict("database")) == [
        f"app/repositories/tags.py:{line} PostgreSQL driver psycopg imported in a SQLite task",
        f"app/repositories/tags.py:{line + 2} PostgreSQL connection (postgresql://user:pw@postgres:5432/conduit) "
        "in a SQLite task",
    ]


def test_postgresql_task_without_driver_or_environment_read(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask\nsqlalchemy\n")
    (tmp_path / "app.py").write_text(
        "from flask import Flask\nfrom sqlalchemy import create_engine\n\napp = Flask(__name__)\n"
        'engine = create_engine("postgresql://user:password@postgres:5432/conduit")\n'
    )
    verdict = report(tmp_path, ConstraintSet(framework="flask", database="postgresql")).verdict("database")
    assert reasons(verdict) == [
        "(workspace) no PostgreSQL driver is declared (expected psycopg[binary], psycopg2-binary or asyncpg)",
        "app.py:5 hard-coded PostgreSQL connection (postgresql://user:password@postgres:5432/conduit) and "
        "DATABASE_URL is never read",
    ]


# ---- ORM -----------------------------------------------------------------------------------------------


def test_raw_sql_executed_in_a_repository_is_a_violation(backend: Path) -> None:
    line = append(
        backend,
        "app/repositories/tags.py",
        "def count_rows() -> int:\n"
        '    sql = "SELECT count(*) FROM tags"\n'
        "    return current_session().connection().exec_driver_sql(sql).scalar_one()\n\n\n"
        "def by_name(name: str) -> object:\n"
        "    from sqlalchemy import text\n\n"
        "    return current_session().execute(text(f\"SELECT id FROM tags WHERE name = '{name}'\")).first()\n",
    )
    assert reasons(report(backend).verdict("orm")) == [
        f"app/repositories/tags.py:{line + 2} raw SQL executed in repositories: "
        'current_session().connection().exec_driver_sql("SELECT count(*) FROM tags"); use sqlalchemy queries',
        f"app/repositories/tags.py:{line + 8} SQL built by string interpolation in repositories: "
        "text(\"SELECT id FROM tags WHERE name = '{}'\")",
    ]


def test_parameterised_text_is_only_a_warning(backend: Path) -> None:
    line = append(
        backend,
        "app/repositories/tags.py",
        "def id_of(name: str) -> object:\n"
        "    from sqlalchemy import text\n\n"
        '    statement = text("SELECT id FROM tags WHERE name = :name")\n'
        '    return current_session().execute(statement, {"name": name}).first()\n',
    )
    verdict = report(backend).verdict("orm")
    assert verdict is not None and verdict.compliant
    assert reasons(verdict, warnings=True) == [
        f"app/repositories/tags.py:{line + 3} parameterised raw SQL through sqlalchemy in repositories: "
        'text("SELECT id FROM tags WHERE name = :name")'
    ]


def test_driver_called_directly_bypasses_the_orm(backend: Path) -> None:
    line = append(
        backend,
        "app/repositories/tags.py",
        "def raw() -> object:\n    import sqlite3\n\n    return sqlite3.connect('x.db')\n",
    )
    verdict = report(backend, SQLITE_TASK).verdict("orm")
    assert reasons(verdict) == [
        f"app/repositories/tags.py:{line + 3} sqlite3.connect() bypasses SQLAlchemy: use its engine and sessions"
    ]
    assert reasons(verdict, warnings=True) == [
        f"app/repositories/tags.py:{line + 1} database driver sqlite3 imported next to SQLAlchemy"
    ]


def test_django_orm_models_do_not_satisfy_sqlalchemy(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("Django==5.2\nSQLAlchemy==2.0.0\n")
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "models.py").write_text(
        "from django.db import models\n\n\nclass Post(models.Model):\n    title = models.CharField(max_length=9)\n"
    )
    (tmp_path / "blog" / "settings.py").write_text('ROOT_URLCONF = "blog.urls"\n')
    result = report(tmp_path, ConstraintSet(framework="django", orm="sqlalchemy"))
    assert result.verdict("framework").compliant  # type: ignore[union-attr]
    assert reasons(result.verdict("orm")) == [
        "(workspace) SQLAlchemy is never imported by the application",
        "(workspace) no SQLAlchemy connection is created (create_engine()/sessionmaker()/Session)",
        "(workspace) no model is declared with SQLAlchemy",
        "blog/models.py:4 model Post is declared with the Django ORM; the task requires SQLAlchemy",
    ]


# ---- framework -----------------------------------------------------------------------------------------


def test_another_framework_serving_is_a_violation(backend: Path) -> None:
    (backend / "app" / "alt.py").write_text("from fastapi import FastAPI\n\napi = FastAPI()\n")
    edit(backend, "requirements.txt", "Flask==3.1.3\n", "")
    verdict = report(backend).verdict("framework")
    assert reasons(verdict) == [
        "(workspace) flask is not declared as a dependency in requirements.txt or pyproject.toml",
        "app/alt.py:3 a fastapi application is created here; the task requires flask",
    ]


def test_framework_detected_through_module_aliases(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\ndependencies = ["aiohttp>=3"]\n')
    (tmp_path / "server.py").write_text("from aiohttp import web\n\n\ndef build():\n    return web.Application()\n")
    verdict = report(tmp_path, ConstraintSet(framework="aiohttp")).verdict("framework")
    assert verdict is not None and verdict.compliant, reasons(verdict)
    assert verdict.evidence == ["aiohttp declared in pyproject.toml:3", "aiohttp application created at server.py:5"]


# ---- runtime evidence ----------------------------------------------------------------------------------


def _sqlite_file(path: Path, users: int, bookkeeping_only: bool = False) -> str:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
    conn.execute("INSERT INTO alembic_version VALUES ('abc')")
    if not bookkeeping_only:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
        conn.execute("CREATE TABLE tags (id INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO users (name) VALUES (?)", [(f"u{i}",) for i in range(users)])
    conn.commit()
    conn.close()
    return f"sqlite:///{path}"


def test_runtime_sqlite_with_rows_is_compliant(tmp_path: Path) -> None:
    verdict = runtime_database_evidence(_sqlite_file(tmp_path / "app.db", users=2), "sqlite")
    assert verdict.compliant and verdict.kind == "database-runtime"
    assert verdict.evidence == ["table tags: 0 rows", "table users: 2 rows"]


@pytest.mark.parametrize(
    ("users", "bookkeeping_only", "reason"),
    [
        (0, False, "no application table holds a row (2 tables, all empty)"),
        (0, True, "the provisioned sqlite database has no application table"),
    ],
)
def test_runtime_sqlite_without_application_rows(
    tmp_path: Path, users: int, bookkeeping_only: bool, reason: str
) -> None:
    verdict = runtime_database_evidence(_sqlite_file(tmp_path / "app.db", users, bookkeeping_only), "sqlite")
    assert reasons(verdict) == [f"(workspace) {reason}"]


def test_runtime_errors_become_verdicts(tmp_path: Path) -> None:
    missing = runtime_database_evidence(f"sqlite:///{tmp_path / 'never.db'}", "sqlite")
    assert not missing.compliant and "no database file at" in missing.violations[0].reason
    assert not (tmp_path / "never.db").exists()  # read-only: nothing created
    refused = runtime_database_evidence("postgresql://nobody@127.0.0.1:1/none", "postgresql")
    assert not refused.compliant and "cannot read the provisioned postgresql database" in refused.violations[0].reason
    assert not runtime_database_evidence("sqlite:///x.db", "mysql").compliant


def test_runtime_postgresql_tables_and_rows(postgres: DatabaseProvider) -> None:
    filled, empty = postgres.create("compliance"), postgres.create("compliance")
    try:
        for database, rows in ((filled, 3), (empty, 0)):
            with psycopg.connect(database.url, autocommit=True) as conn:  # as the application's own role
                conn.execute("CREATE TABLE articles (id serial PRIMARY KEY, title text)")
                for index in range(rows):
                    conn.execute("INSERT INTO articles (title) VALUES (%s)", (f"t{index}",))
        verdict = runtime_database_evidence(filled.admin_url or "", "postgresql")
        assert verdict.compliant and verdict.evidence == ["table articles: 3 rows"]
        assert reasons(runtime_database_evidence(empty.admin_url or "", "postgres")) == [
            "(workspace) no application table holds a row (1 tables, all empty)"
        ]
    finally:
        postgres.drop(filled)
        postgres.drop(empty)


# ---- cagent check ---------------------------------------------------------------------------------------


def cagent_check(*args: str) -> subprocess.CompletedProcess[str]:
    # evals.cli loads evals.cli_check when `check` runs; importing it first changes nothing.
    entry = "import evals.cli_check; from evals.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", entry, "check", *args],
        capture_output=True, text=True, timeout=120, cwd=PROJECT, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip


def test_cli_reports_violations_and_writes_json(backend: Path, tmp_path: Path) -> None:
    line = edit(backend, "app/routes/tags.py", "from ..services import tags\n", "from ..repositories import tags\n")
    out = tmp_path / "report.json"
    done = cagent_check(str(backend), "--framework", "flask", "--architecture", "clean", "--database", "postgres",
                        "--orm", "sqlalchemy", "--json", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"app/routes/tags.py:{line} routes import repositories" in done.stdout
    assert "not compliant (1 violation)" in done.stdout
    document = json.loads(out.read_text())
    assert document["compliant"] is False and document["constraints"]["database"] == "postgresql"
    assert [v["kind"] for v in document["verdicts"]] == ["framework", "architecture", "database", "orm"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["/no/such/dir", "--framework", "flask"], "no such directory: /no/such/dir"),
        ([str(REFERENCE), "--framework", "rails"], "unknown framework 'rails'"),
        ([str(REFERENCE), "--framework", "flask", "--orm", "sequelize"], "orm sequelize is for Node frameworks"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    done = cagent_check(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and message in lines[0] and "Traceback" not in done.stderr
