"""Dialect-aware statements that plain SQLAlchemy Core does not spell portably."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session


def insert_ignoring_duplicates(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING, so concurrent identical writes cannot fail each other."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(pg_insert(table).values(list(rows)).on_conflict_do_nothing())
    elif dialect == "sqlite":
        session.execute(sqlite_insert(table).values(list(rows)).on_conflict_do_nothing())
    else:
        # The backend supports exactly these two databases (DATABASE_URL decides which).
        raise ValueError(f"unsupported database dialect: {dialect}; use PostgreSQL or SQLite")
