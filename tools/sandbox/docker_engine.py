"""Reaching the Docker engine, and the postgres service container a docker sandbox may ask for."""

from __future__ import annotations

import contextlib
import secrets
import time
from typing import Any

LABELS = {"cagent": "sandbox"}
POSTGRES_IMAGE = "postgres:16-alpine"
POSTGRES_READY_S = 60.0


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot be created here; the message is one line telling the user why."""


def engine(timeout_s: float) -> Any:
    """A docker client whose socket timeout outlasts the longest command, or SandboxUnavailable."""
    try:
        import docker

        client = docker.from_env(timeout=int(timeout_s))
        client.ping()
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise SandboxUnavailable(f"no Docker engine reachable: {detail}") from exc
    return client


def remove_quietly(thing: Any) -> None:
    """Remove a container (with its anonymous volumes) or a network that may already be gone."""
    if thing is None:
        return
    with contextlib.suppress(Exception):
        if hasattr(thing, "exec_run"):
            thing.remove(force=True, v=True)
        else:
            thing.remove()


class PostgresService:
    """A `postgres` container on the sandbox's private network, reachable by its container name."""

    def __init__(self, client: Any, network_name: str, image: str = POSTGRES_IMAGE) -> None:
        self.name = f"cagent-pg-{secrets.token_hex(4)}"
        password = secrets.token_hex(12)
        self.container = client.containers.run(
            image,
            command=["postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            detach=True,
            name=self.name,
            network=network_name,
            environment={"POSTGRES_USER": "app", "POSTGRES_PASSWORD": password, "POSTGRES_DB": "app"},
            # Throw-away data: keep it in memory, never in a volume left behind.
            tmpfs={"/var/lib/postgresql/data": ""},
            labels=LABELS,
        )
        self.env = {
            "DATABASE_URL": f"postgresql://app:{password}@{self.name}:5432/app",
            "PGHOST": self.name,
            "PGPORT": "5432",
            "PGUSER": "app",
            "PGPASSWORD": password,
            "PGDATABASE": "app",
        }

    def wait_ready(self, budget_s: float = POSTGRES_READY_S) -> None:
        """Poll pg_isready over TCP: the image's init phase listens on the Unix socket only."""
        deadline = time.monotonic() + budget_s
        while time.monotonic() < deadline:
            self.container.reload()
            if self.container.status == "exited":
                break
            code, _ = self.container.exec_run(["pg_isready", "-h", "127.0.0.1", "-U", "app", "-d", "app"])
            if code == 0:
                return
            time.sleep(0.5)
        tail = self.container.logs(tail=5).decode(errors="replace").strip().replace("\n", " | ")
        raise SandboxUnavailable(f"the postgres service did not become ready: {tail or 'no output'}")

    def remove(self) -> None:
        remove_quietly(self.container)
