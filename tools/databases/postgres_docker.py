"""A `postgres` container started through the docker SDK, for machines without local binaries."""

from __future__ import annotations

import contextlib
import secrets
import time

from tools.databases.base import DatabaseUnavailable, ProvisionedDatabase
from tools.databases.postgres_admin import PostgresAdmin

IMAGE = "postgres:15-alpine"
READY_BUDGET_S = 60.0


def docker_client():  # type: ignore[no-untyped-def]
    """A docker client when an engine answers, else None."""
    try:
        import docker

        client = docker.from_env(timeout=5)
        client.ping()
        return client
    except Exception:
        return None


class DockerPostgresProvider:
    kind = "postgresql"

    def __init__(self, image: str = IMAGE) -> None:
        self._password = secrets.token_hex(16)
        client = docker_client()
        if client is None:
            raise DatabaseUnavailable("no Docker engine is reachable for a postgres container")
        self._container = client.containers.run(
            image,
            detach=True,
            remove=True,
            # A random superuser password: anything else on this host can reach the published port.
            environment={"POSTGRES_PASSWORD": self._password},
            command=["postgres", "-c", "fsync=off", "-c", "synchronous_commit=off"],
            ports={"5432/tcp": ("127.0.0.1", None)},
            labels={"cagent": "database"},
        )
        try:
            self._admin = self._connect()
        except BaseException:
            self.close()
            raise

    def _connect(self) -> PostgresAdmin:
        deadline = time.monotonic() + READY_BUDGET_S
        last_error: Exception | None = None
        while time.monotonic() < deadline:
            self._container.reload()
            binding = (self._container.ports.get("5432/tcp") or [{}])[0]
            if port := binding.get("HostPort"):
                try:
                    admin = PostgresAdmin(f"postgresql://postgres:{self._password}@127.0.0.1:{port}/postgres")
                    admin.lock_down_server()  # the container is ours alone
                    return admin
                except DatabaseUnavailable as exc:
                    last_error = exc
            time.sleep(0.5)
        raise DatabaseUnavailable(f"postgres container did not become ready: {last_error}")

    def create(self, label: str = "eval") -> ProvisionedDatabase:
        return self._admin.create(label)

    def drop(self, database: ProvisionedDatabase) -> None:
        self._admin.drop(database)

    def close(self) -> None:
        admin = getattr(self, "_admin", None)
        if admin is not None:
            admin.close()
        # The container may be gone already: it was started with remove=True.
        with contextlib.suppress(Exception):
            self._container.stop(timeout=5)
