"""Creating and dropping per-evaluation databases on a PostgreSQL server we hold admin rights on."""

from __future__ import annotations

import secrets
import threading
import time
from urllib.parse import quote, urlsplit

import psycopg
from psycopg import sql

from tools.databases.base import DatabaseUnavailable, ProvisionedDatabase
from tools.databases.naming import fresh_name

TEMPLATE = "cagent_template"
# Catalogs that would show an app the other evaluations' databases, roles and sessions. PostgreSQL
# lets a database hide them from PUBLIC; done in the template, every evaluation database inherits it.
HIDDEN_CATALOGS = (
    "pg_catalog.pg_database", "pg_catalog.pg_roles", "pg_catalog.pg_user", "pg_catalog.pg_stat_activity",
    "pg_catalog.pg_stat_database", "pg_catalog.pg_stat_database_conflicts", "pg_catalog.pg_auth_members",
    "pg_catalog.pg_shdescription", "pg_catalog.pg_stat_ssl", "pg_catalog.pg_stat_gssapi",
)  # fmt: skip


class PostgresAdmin:
    """Makes each evaluation database from an empty template, owned by a role of its own.

    A role per database keeps one generated app from reading or dropping another's data; copying a
    template with STRATEGY file_copy avoids WAL-logging every page, which is what makes it cheap.
    """

    def __init__(self, admin_url: str, app_host: str | None = None) -> None:
        self.admin_url = admin_url
        parts = urlsplit(admin_url)
        self.host = app_host or parts.hostname or "127.0.0.1"
        self.port = parts.port or 5432
        self._lock = threading.Lock()
        try:
            self._conn = psycopg.connect(admin_url, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DatabaseUnavailable(f"cannot connect to PostgreSQL at {self._redacted()}: {first}") from exc
        self._ensure_template()

    def _redacted(self) -> str:
        parts = urlsplit(self.admin_url)
        return f"{parts.hostname}:{parts.port or 5432}"

    def _ensure_template(self) -> None:
        exists = self._conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone()
        if not exists:
            template = sql.Identifier(TEMPLATE)
            self._conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(template))
            self._hide_catalogs(TEMPLATE)
            self._conn.execute(sql.SQL("ALTER DATABASE {} IS_TEMPLATE true").format(template))
            self._conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(template))

    def _hide_catalogs(self, database: str) -> None:
        with psycopg.connect(_with_database(self.admin_url, database), autocommit=True, connect_timeout=10) as conn:
            for catalog in HIDDEN_CATALOGS:
                conn.execute(sql.SQL("REVOKE ALL ON {} FROM PUBLIC").format(sql.SQL(catalog)))
            # New objects belong to the app's own role; PUBLIC keeps no right to create in `public`.
            conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")

    def lock_down_server(self) -> None:
        """On a server of our own: no database but its own is open to an evaluation's role.

        Not done on a server the user lends us (CAGENT_PG_ADMIN_URL): its other databases are theirs.
        """
        for database in ("postgres", "template1"):
            ident = sql.Identifier(database)
            self._conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(ident))

    def create(self, label: str = "eval") -> ProvisionedDatabase:
        started = time.perf_counter()
        name = fresh_name(label)
        password = secrets.token_hex(12)
        ident = sql.Identifier(name)
        with self._lock:
            secret = sql.Literal(password)
            self._conn.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(ident, secret))
            try:
                self._conn.execute(
                    sql.SQL("CREATE DATABASE {} OWNER {} TEMPLATE {} STRATEGY file_copy").format(
                        ident, ident, sql.Identifier(TEMPLATE)
                    )
                )
            except psycopg.Error:
                self._conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(ident))  # leave no orphan role
                raise
            # New databases are open to PUBLIC by default; only this evaluation's role may connect.
            self._conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(ident))
        url = f"postgresql://{name}:{quote(password)}@{self.host}:{self.port}/{name}"
        env = {
            "DATABASE_URL": url,
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": name,
            "PGPASSWORD": password,
            "PGDATABASE": name,
        }
        return ProvisionedDatabase(
            kind="postgresql",
            name=name,
            url=url,
            env=env,
            admin_url=_with_database(self.admin_url, name),
            create_ms=(time.perf_counter() - started) * 1000,
        )

    def drop(self, database: ProvisionedDatabase) -> None:
        ident = sql.Identifier(database.name)
        with self._lock:
            self._conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
            self._conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(ident))

    def close(self) -> None:
        if not self._conn.closed:
            self._conn.close()


def _with_database(url: str, database: str) -> str:
    parts = urlsplit(url)
    return parts._replace(path=f"/{database}").geturl()
