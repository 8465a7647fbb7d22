"""Ephemeral databases on a real PostgreSQL server and real SQLite files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import psycopg
import pytest

from tools.databases import DatabaseUnavailable, open_provider
from tools.databases.postgres_local import LocalPostgresCluster, remove_stale_clusters


def test_postgres_database_is_fresh_private_and_dropped(postgres) -> None:
    first = postgres.create("unit")
    second = postgres.create("unit")
    assert first.name != second.name and first.kind == "postgresql"
    assert {"PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"} <= first.env.keys()
    with psycopg.connect(first.url, autocommit=True) as conn:
        conn.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text)")
        conn.execute("INSERT INTO notes (body) VALUES ('x')")
    with psycopg.connect(second.url) as conn:
        tables = conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        assert tables == (0,), "a new database must come from the empty template"
    # One evaluation's role cannot reach another evaluation's database.
    foreign = second.url.rsplit("/", 1)[0] + f"/{first.name}"
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(foreign).close()
    held = psycopg.connect(first.url)  # a connection the app forgot to close must not block the drop
    postgres.drop(first)
    held.close()
    postgres.drop(second)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(first.url).close()


def test_sqlite_database_is_a_fresh_file(sqlite) -> None:
    database = sqlite.create("unit")
    path = Path(database.env["SQLITE_PATH"])
    assert database.url == f"sqlite:///{path}" and not path.exists()
    sqlite3.connect(path).execute("CREATE TABLE t (x int)").connection.close()
    assert path.exists()
    sqlite.drop(database)
    assert not path.parent.exists()


def test_local_cluster_leaves_nothing_behind() -> None:
    try:
        cluster = LocalPostgresCluster()
    except DatabaseUnavailable as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    root, pid_file = cluster.root, cluster.data_dir / "postmaster.pid"
    postmaster = int(pid_file.read_text().splitlines()[0])
    cluster.close()
    assert not root.exists()
    assert not Path(f"/proc/{postmaster}").exists()


def test_stale_cluster_directories_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / "cagent-pg-999999999-abc"  # a pid that cannot exist
    (stale / "data").mkdir(parents=True)
    assert remove_stale_clusters(tmp_path) == [stale]
    assert not stale.exists()


def test_external_server_with_bad_admin_url_is_one_clear_line(monkeypatch) -> None:
    monkeypatch.setenv("CAGENT_PG_ADMIN_URL", "postgresql://nobody@127.0.0.1:9/postgres")
    with pytest.raises(DatabaseUnavailable) as caught:
        open_provider("postgres")
    assert "cannot connect to PostgreSQL at 127.0.0.1:9" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_binaries_say_how_to_install(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("CAGENT_PG_ADMIN_URL", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("tools.databases.postgres_binaries.Path", _NoDebianLayout)
    monkeypatch.setattr("tools.databases.postgres_docker.docker_client", lambda: None)
    with pytest.raises(DatabaseUnavailable, match="apt-get install postgresql"):
        open_provider("postgres", "auto")


class _NoDebianLayout(type(Path())):  # type: ignore[misc]
    """A Path whose /usr/lib/postgresql layout is empty, as on a machine without PostgreSQL."""

    def glob(self, pattern: str):  # type: ignore[override]
        return iter(()) if str(self) == "/usr/lib/postgresql" else super().glob(pattern)


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown database kind"):
        open_provider("mysql")


def test_external_server_given_by_admin_url(postgres, monkeypatch) -> None:
    """CAGENT_PG_ADMIN_URL: the same per-evaluation databases, on a server someone else runs."""
    admin_url = postgres._admin.admin_url  # the session cluster plays the external server
    monkeypatch.setenv("CAGENT_PG_ADMIN_URL", admin_url)
    provider = open_provider("postgres")
    try:
        assert type(provider).__name__ == "ExternalPostgresProvider"
        database = provider.create("external")
        with psycopg.connect(database.url) as conn:
            assert conn.execute("SELECT current_user").fetchone() == (database.name,)
        provider.drop(database)
    finally:
        provider.close()


def test_postgres_container_through_docker() -> None:
    from tools.databases.postgres_docker import DockerPostgresProvider, docker_client

    if docker_client() is None:
        pytest.skip("no Docker engine reachable: the postgres container provider is not exercised here")
    provider = DockerPostgresProvider()
    try:
        database = provider.create("docker")
        with psycopg.connect(database.url) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        provider.drop(database)
    finally:
        provider.close()


def test_stale_sqlite_folders_are_removed(tmp_path: Path) -> None:
    from tools.databases.sqlite import remove_stale_folders

    stale, live = tmp_path / "cagent-sqlite-999999999-x", tmp_path / f"cagent-sqlite-{os.getpid()}-y"
    stale.mkdir()
    live.mkdir()
    assert remove_stale_folders(tmp_path) == [stale]
    assert live.exists() and not stale.exists()


def test_superuser_needs_a_password_over_tcp(postgres) -> None:
    """An app under test can reach 127.0.0.1, but must not be able to act as the cluster's superuser."""
    admin_url = postgres._admin.admin_url
    assert ":" in admin_url.split("@")[0].removeprefix("postgresql://")  # the harness holds a password
    without_password = "postgresql://postgres@" + admin_url.split("@", 1)[1]
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(without_password, connect_timeout=5).close()
