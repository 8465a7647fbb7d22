"""Engine setup and the session registry every repository draws from.

Sessions are thread-local (`scoped_session`): the threaded server handles each request on its own
thread, and the application removes the session when the request ends.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, scoped_session, sessionmaker
from sqlalchemy.pool import StaticPool

from ..models import Base
from .errors import IntegrityConflict

log = logging.getLogger(__name__)

_registry: scoped_session[Session] | None = None


def _is_sqlite_memory(url: str) -> bool:
    return url in ("sqlite://", "sqlite:///:memory:") or "mode=memory" in url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked, per connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets readers proceed while one writer commits; busy_timeout makes writers queue, not fail.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def build_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        options: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        if _is_sqlite_memory(url):
            # One shared connection, otherwise every pooled connection would see its own empty DB.
            options["poolclass"] = StaticPool
        engine = create_engine(url, **options)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pre_ping survives database restarts; the pool is sized for a threaded dev server.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def init_database(url: str) -> Engine:
    """Create the engine and the session registry; call once per process (or per test app)."""
    global _registry
    if _registry is not None:
        _registry.remove()
    engine = build_engine(url)
    # expire_on_commit=False: entities stay readable after commit, for rendering the response.
    _registry = scoped_session(sessionmaker(bind=engine, expire_on_commit=False))
    return engine


def create_schema(engine: Engine, attempts: int = 30, delay_s: float = 1.0) -> None:
    """Create missing tables, waiting for a database that is still starting up."""
    for attempt in range(1, attempts + 1):
        try:
            Base.metadata.create_all(engine)
            return
        except OperationalError:
            if attempt == attempts:
                raise
            log.warning("database not reachable yet (attempt %d/%d), retrying", attempt, attempts)
            time.sleep(delay_s)


def current_session() -> Session:
    if _registry is None:
        raise RuntimeError("init_database() has not been called")
    return _registry()


def remove_session() -> None:
    """End the current thread's session; uncommitted work is rolled back."""
    if _registry is not None:
        _registry.remove()


def commit() -> None:
    """Commit the current unit of work, translating constraint violations for the services."""
    session = current_session()
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise IntegrityConflict(str(exc.orig)) from exc
