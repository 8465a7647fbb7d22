"""The database constraint: which driver, where the connection comes from, and the other database's absence."""

from __future__ import annotations

from pathlib import Path

from planners.compliance.database_check import check_database
from planners.compliance.verdict import Verdict
from planners.constraints.kind import ConstraintKind
from planners.constraints.model import ConstraintSet
from planners.constraints.obligation import Obligation, Topic

# (database, language) -> [(obligation name, topic, text)]
_FACTS: dict[tuple[str, str], list[tuple[str, Topic, str]]] = {
    ("postgresql", "python"): [
        (
            "driver",
            "driver",
            "Declare psycopg[binary] in requirements.txt (psycopg2-binary or asyncpg also work; "
            "asyncpg for async SQLAlchemy)",
        ),
        (
            "url-scheme",
            "pitfall",
            "SQLAlchemy needs postgresql+psycopg:// (or +asyncpg): rewrite postgres:// "
            "and postgresql:// URLs from the environment",
        ),
    ],
    ("postgresql", "node"): [
        ("driver", "driver", "Declare pg in package.json (and pg-hstore when Sequelize is used)"),
        (
            "bigint",
            "pitfall",
            "pg returns COUNT() and BIGINT values as strings: convert with Number() before answering",
        ),
    ],
    ("sqlite", "python"): [
        (
            "driver",
            "driver",
            "Use the standard library's sqlite3 (aiosqlite for async code); with SQLAlchemy the URL is sqlite:///path",
        ),
    ],
    ("sqlite", "node"): [
        ("driver", "driver", "Declare sqlite3 or better-sqlite3 in package.json"),
    ],
}
_COMMON: dict[str, list[tuple[str, Topic, str]]] = {
    "postgresql": [
        (
            "env",
            "env",
            "Read the connection from DATABASE_URL (PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE "
            "are set too); never hard-code the host or credentials",
        ),
        (
            "no-sqlite",
            "driver",
            "No SQLite anywhere: no sqlite3/aiosqlite/better-sqlite3 dependency or import, "
            "no sqlite:/// URL, no fallback to SQLite",
        ),
        (
            "schema",
            "schema",
            "Create the schema automatically at startup, retrying until the server accepts connections",
        ),
    ],
    "sqlite": [
        ("env", "env", "Open the file named by DATABASE_URL (sqlite:///path; SQLITE_PATH holds the bare path)"),
        ("no-postgresql", "driver", "Do not connect to PostgreSQL: no PostgreSQL URL, dialect or direct driver use"),
        ("schema", "schema", "Create the schema automatically at startup"),
        (
            "types",
            "pitfall",
            "Enable foreign keys per connection (PRAGMA foreign_keys=ON); booleans come back "
            "as 0/1; avoid PostgreSQL-only operators (ARRAY contains, @>, ILIKE)",
        ),
    ],
}


def obligations(constraints: ConstraintSet) -> list[Obligation]:
    database = constraints.database
    if database == "none":
        return []
    facts = _FACTS[(database, constraints.language)] + _COMMON[database]
    return [
        Obligation(id=f"database.{database}.{name}", text=text, kind="database", topic=topic)
        for name, topic, text in facts
    ]


KIND = ConstraintKind("database", obligations, check_database)


def check(workspace: Path, constraints: ConstraintSet) -> Verdict:
    """Static evidence that `workspace` uses the required database and not the other one."""
    return KIND.check(workspace, constraints)
