"""Runtime evidence that the application really stored its data in the provisioned database.

Called after a suite ran, with the harness's admin URL: PostgreSQL through psycopg, SQLite through the
standard library (opened read-only, so a missing file is not created). Never raises: an unreachable or
unreadable database is a non-compliant verdict that says why.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import unquote

import psycopg
from psycopg import sql

from planners.compliance.verdict import Findings, Verdict

# Bookkeeping tables of migration tools and frameworks: rows there say nothing about the application.
BOOKKEEPING = frozenset(
    {
        "alembic_version",
        "sequelizemeta",
        "sequelizedata",
        "django_migrations",
        "django_content_type",
        "django_session",
        "django_admin_log",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "_prisma_migrations",
        "knex_migrations",
        "knex_migrations_lock",
        "typeorm_metadata",
        "migrations",
    }
)
_KINDS = {"postgresql": "postgresql", "postgres": "postgresql", "sqlite": "sqlite"}


def _postgres_tables(admin_url: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    with psycopg.connect(admin_url, connect_timeout=10, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT table_schema, table_name FROM information_schema.tables "
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') "
            "ORDER BY table_schema, table_name"
        ).fetchall()
        for schema, table in tables:
            query = sql.SQL("SELECT count(*) FROM {}.{}").format(sql.Identifier(schema), sql.Identifier(table))
            row = conn.execute(query).fetchone()
            name = table if schema == "public" else f"{schema}.{table}"
            counts[name] = int(row[0]) if row else 0
    return counts


def _sqlite_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise ValueError(f"not a sqlite:///path URL: {url}")
    return Path(unquote(url.removeprefix("sqlite:///").split("?", 1)[0]))


def _sqlite_tables(admin_url: str) -> dict[str, int]:
    path = _sqlite_path(admin_url)
    if not path.is_file():
        raise FileNotFoundError(f"no database file at {path}")
    counts: dict[str, int] = {}
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        ).fetchall()
        for (name,) in names:
            quoted = '"' + name.replace('"', '""') + '"'
            counts[name] = int(conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0])
    finally:
        conn.close()
    return counts


def runtime_database_evidence(admin_url: str, kind: str) -> Verdict:
    """Which application tables exist in the provisioned database and whether they hold rows.

    Compliant when at least one application table (not migration bookkeeping) has a row.
    """
    database = _KINDS.get(kind.lower(), kind)
    findings = Findings("database-runtime", database)
    try:
        if database == "postgresql":
            counts = _postgres_tables(admin_url)
        elif database == "sqlite":
            counts = _sqlite_tables(admin_url)
        else:
            findings.violation(f"unknown database kind {kind!r}; expected postgresql or sqlite")
            return findings.verdict()
    except (psycopg.Error, sqlite3.Error, OSError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        findings.violation(f"cannot read the provisioned {database} database: {reason}")
        return findings.verdict()

    application = {name: rows for name, rows in counts.items() if name.rsplit(".", 1)[-1].lower() not in BOOKKEEPING}
    for name, rows in sorted(application.items()):
        findings.note(f"table {name}: {rows} rows")
    if not application:
        findings.violation(f"the provisioned {database} database has no application table")
    elif not any(application.values()):
        findings.violation(f"no application table holds a row ({len(application)} tables, all empty)")
    return findings.verdict()
