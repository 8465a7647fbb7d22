"""Choosing a database provider from a short name and the environment."""

from __future__ import annotations

import os
from typing import Literal

from tools.databases.base import DatabaseProvider, DatabaseUnavailable
from tools.databases.postgres_binaries import INSTALL_HINT

PROVIDER_KINDS = ("postgres", "sqlite", "none")
PostgresBackend = Literal["auto", "local", "external", "docker"]


def open_provider(kind: str, postgres_backend: PostgresBackend = "auto") -> DatabaseProvider | None:
    """A provider for `kind` (postgres, sqlite) or None for `none`.

    PostgreSQL, in order: an external server when CAGENT_PG_ADMIN_URL is set, a private local cluster
    when the binaries exist, a docker container when an engine is reachable.
    """
    if kind == "none":
        return None
    if kind == "sqlite":
        from tools.databases.sqlite import SqliteProvider

        return SqliteProvider()
    if kind not in ("postgres", "postgresql"):
        raise ValueError(f"unknown database kind {kind!r}; choose one of {', '.join(PROVIDER_KINDS)}")
    return _open_postgres(postgres_backend)


def _open_postgres(backend: PostgresBackend) -> DatabaseProvider:
    from tools.databases.postgres_external import ADMIN_URL_VARIABLE, ExternalPostgresProvider

    admin_url = os.environ.get(ADMIN_URL_VARIABLE)
    if backend == "external" or (backend == "auto" and admin_url):
        if not admin_url:
            raise DatabaseUnavailable(f"{ADMIN_URL_VARIABLE} is not set")
        return ExternalPostgresProvider(admin_url)
    if backend in ("auto", "local"):
        from tools.databases.postgres_local import LocalPostgresCluster

        try:
            return LocalPostgresCluster()
        except DatabaseUnavailable as exc:
            if backend == "local" or str(exc) != INSTALL_HINT:
                raise
    from tools.databases.postgres_docker import DockerPostgresProvider, docker_client

    if backend == "auto" and docker_client() is None:
        raise DatabaseUnavailable(INSTALL_HINT)
    return DockerPostgresProvider()
