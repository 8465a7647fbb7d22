"""Choosing a database provider from a short name (`postgres`, `sqlite`, `none`), its options and the environment."""

from __future__ import annotations

import os
from typing import Literal

from tools.components import Registry
from tools.databases.base import DatabaseProvider, DatabaseUnavailable
from tools.databases.postgres_binaries import INSTALL_HINT

PostgresBackend = Literal["auto", "local", "external", "docker"]
DATABASES = Registry(
    "database",
    {
        "postgres": "tools.databases.registry.open_postgres",
        "postgresql": "tools.databases.registry.open_postgres",
        "sqlite": "tools.databases.sqlite.SqliteProvider",
        "none": "tools.databases.registry.no_database",
    },
    dotted=False,
    noun="database kind",
)
PROVIDER_KINDS = ("postgres", "sqlite", "none")


def open_provider(kind: str, postgres_backend: PostgresBackend | None = None) -> DatabaseProvider | None:
    """A provider for `kind` (`postgres`, `postgres,backend=local`, `sqlite`) or None for `none`.

    `postgres_backend` is the `backend` option of postgres, given by code (one in `kind` wins).
    """
    options = {"backend": postgres_backend} if postgres_backend is not None else {}
    provider: DatabaseProvider | None = DATABASES.build(kind, options=options)
    return provider


def no_database() -> None:
    """The `none` kind: the app gets no database."""
    return None


def open_postgres(backend: PostgresBackend = "auto") -> DatabaseProvider:
    """PostgreSQL, in order: an external server when CAGENT_PG_ADMIN_URL is set, a private local cluster
    when the binaries exist, a docker container when an engine is reachable (`backend` picks one).
    """
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
