"""Where did the registered user go? Looked up in the provisioned database, and in stray SQLite files.

The database smoke test registers a user through the contract and then needs the row in the database
the harness provisioned: an app that answers correctly from a SQLite file next to it (or from memory)
passes every HTTP check and still fails the task's database constraint.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import unquote

import psycopg
from psycopg import sql

from planners.compliance.workspace import SKIP_DIRS

_TEXT_TYPES = ("text", "character varying", "character", "citext", "varchar")
SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")


def _postgres_tables_with(admin_url: str, value: str) -> list[str]:
    found: list[str] = []
    with psycopg.connect(admin_url, connect_timeout=10, autocommit=True) as conn:
        columns = conn.execute(
            "SELECT table_schema, table_name, column_name FROM information_schema.columns "
            "WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND data_type = ANY(%s)",
            (list(_TEXT_TYPES),),
        ).fetchall()
        for schema, table, column in columns:
            query = sql.SQL("SELECT 1 FROM {}.{} WHERE {}::text = %s LIMIT 1").format(
                sql.Identifier(schema), sql.Identifier(table), sql.Identifier(column)
            )
            if conn.execute(query, (value,)).fetchone():
                found.append(f"{table}.{column}")
    return found


def _sqlite_tables_with(path: Path, value: str) -> list[str]:
    found: list[str] = []
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            for column in [row[1] for row in conn.execute(f"PRAGMA table_info({quoted})")]:
                name = '"' + column.replace('"', '""') + '"'
                if conn.execute(f"SELECT 1 FROM {quoted} WHERE CAST({name} AS TEXT) = ? LIMIT 1", (value,)).fetchone():
                    found.append(f"{table}.{column}")
    finally:
        conn.close()
    return found


def _sqlite_path(url: str) -> Path:
    return Path(unquote(url.removeprefix("sqlite:///").split("?", 1)[0]))


def provisioned_holds(admin_url: str, kind: str, value: str) -> list[str]:
    """`table.column`s of the provisioned database holding `value`; raises on an unreadable database."""
    if kind == "postgresql":
        return _postgres_tables_with(admin_url, value)
    path = _sqlite_path(admin_url)
    return _sqlite_tables_with(path, value) if path.is_file() else []


def stray_sqlite_files(workspace: Path, value: str) -> list[str]:
    """SQLite files inside the workspace that hold `value` (relative paths)."""
    found = []
    for path in sorted(workspace.rglob("*")):
        relative = path.relative_to(workspace)
        if any(part in SKIP_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        if path.suffix.lower() in SQLITE_SUFFIXES and path.is_file():
            try:
                if _sqlite_tables_with(path, value):
                    found.append(relative.as_posix())
            except sqlite3.Error:
                continue
    return found
