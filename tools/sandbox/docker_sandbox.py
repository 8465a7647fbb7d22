"""Commands run in a Docker container with the workspace bind-mounted (docker SDK 7).

The container idles on `sleep infinity` under an init process; each command is an exec wrapped in
GNU `timeout`, which runs it in a process group of its own and signals the whole group. Processes
that left the group are found by a marker variable and killed; `close()` removes the container,
which ends everything else.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from tools.sandbox.base import CommandResult
from tools.sandbox.docker_engine import LABELS, POSTGRES_IMAGE, PostgresService, engine, remove_quietly
from tools.sandbox.local import COMMAND_MARKER, QUIET_ENV
from tools.sandbox.output import BoundedOutput, drain
from tools.sandbox.paths import read_text, write_text

WORKDIR = "/workspace"
IMAGES = {"python": "python:3.12-slim", "node": "node:20-bookworm-slim"}
KILL_GRACE_S = 5
POLL_S = 0.1
# Kills every process whose environment holds the entry given as $1 (the exec itself does not).
KILL_MARKED = (
    'for p in /proc/[0-9]*; do if tr "\\0" "\\n" < "$p/environ" 2>/dev/null | grep -qxF -- "$1"; '
    'then kill -9 "${p#/proc/}" 2>/dev/null; fi; done; true'
)


class DockerSandbox:
    """`image` is a full image name or `python` / `node`; `postgres=True` adds a database service."""

    def __init__(
        self,
        workspace: Path,
        image: str = "python",
        *,
        env_extra: dict[str, str] | None = None,
        memory_mb: int = 4096,
        cpus: float = 2.0,
        pids_limit: int = 512,
        default_timeout_s: float = 120.0,
        max_timeout_s: float = 3600.0,
        postgres: bool = False,
        postgres_image: str = POSTGRES_IMAGE,
        user: str | None = None,
    ) -> None:
        self.workspace = Path(workspace).resolve()
        if not self.workspace.is_dir():
            raise ValueError(f"no such workspace directory: {workspace}")
        self.image = IMAGES.get(image, image)
        self.default_timeout_s = default_timeout_s
        self.max_timeout_s = max_timeout_s
        # Files the container writes must stay editable from the host: run as the host's user.
        self.user = user or f"{os.getuid()}:{os.getgid()}"
        self.marker = secrets.token_hex(8)
        self.database_env: dict[str, str] = {}
        self._counter = itertools.count(1)
        self._closed = False
        self._network: Any = None
        self._postgres: PostgresService | None = None
        self.container: Any = None
        self._client = engine(max_timeout_s + 60)
        try:
            if postgres:
                self._start_postgres(postgres_image)
            self.container = self._start_container(env_extra or {}, memory_mb, cpus, pids_limit)
        except BaseException:
            self.close()
            raise

    def _start_postgres(self, image: str) -> None:
        self._network = self._client.networks.create(f"cagent-sandbox-{self.marker}", driver="bridge", labels=LABELS)
        self._postgres = PostgresService(self._client, self._network.name, image)
        self._postgres.wait_ready()
        self.database_env = dict(self._postgres.env)

    def _start_container(self, env_extra: dict[str, str], memory_mb: int, cpus: float, pids_limit: int) -> Any:
        environment = {"HOME": "/tmp", **QUIET_ENV, **self.database_env, **env_extra}
        return self._client.containers.run(
            self.image,
            command=["sleep", "infinity"],
            detach=True,
            init=True,
            name=f"cagent-sandbox-{self.marker}",
            user=self.user,
            working_dir=WORKDIR,
            volumes={str(self.workspace): {"bind": WORKDIR, "mode": "rw"}},
            environment=environment,
            network=self._network.name if self._network is not None else None,
            mem_limit=f"{memory_mb}m",
            memswap_limit=f"{memory_mb}m",
            nano_cpus=int(cpus * 1e9),
            pids_limit=pids_limit,
            labels=LABELS,
        )

    def __enter__(self) -> DockerSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, command: str, timeout_s: float | None = None) -> CommandResult:
        if self._closed:
            raise RuntimeError("the sandbox is closed")
        timeout = min(self.default_timeout_s if timeout_s is None else timeout_s, self.max_timeout_s)
        if timeout <= 0:
            raise ValueError("timeout_s must be positive")
        api = self._client.api
        needle = f"{COMMAND_MARKER}={self.marker}.{next(self._counter)}"
        wrapped = ["timeout", "-k", f"{KILL_GRACE_S}s", f"{timeout:.3f}s", "bash", "-c", command]
        started = time.monotonic()
        exec_id = api.exec_create(
            self.container.id,
            wrapped,
            environment={COMMAND_MARKER: needle.split("=", 1)[1]},
            workdir=WORKDIR,
            user=self.user,
        )["Id"]
        stream = api.exec_start(exec_id, stream=True)
        sink = BoundedOutput()
        pump = threading.Thread(target=_pump, args=(stream, sink), name="docker-output", daemon=True)
        pump.start()
        code = self._wait(exec_id, started + timeout + KILL_GRACE_S + 10)
        # Output still in transit from the engine arrives within this budget; a chatty daemon may not end it.
        drain(pump, sink, quiet_s=0.3, budget_s=2.0)
        # Background processes may hold the exec's output open; stop listening to them.
        with contextlib.suppress(Exception):
            stream.close()
        elapsed = time.monotonic() - started
        # GNU timeout exits 124 (TERM sufficed) or 137 (it needed KILL); a backstop kill gives None.
        timed_out = code is None or (code in (124, 137) and elapsed >= timeout)
        if timed_out:
            self._kill_marked(needle)
        return CommandResult(
            exit_code=None if timed_out else code, output=sink.text(), timed_out=timed_out, seconds=round(elapsed, 3)
        )

    def _wait(self, exec_id: str, deadline: float) -> int | None:
        """The exec's exit code, or None when even `timeout` failed to end it in time."""
        api = self._client.api
        while time.monotonic() < deadline:
            info = api.exec_inspect(exec_id)
            if not info.get("Running") and info.get("ExitCode") is not None:
                return int(info["ExitCode"])
            time.sleep(POLL_S)
        return None

    def _kill_marked(self, needle: str) -> None:
        self.container.exec_run(["bash", "-c", KILL_MARKED, "kill-marked", needle], user="0")

    def read_file(self, relative: str) -> str:
        return read_text(self.workspace, relative)

    def write_file(self, relative: str, text: str) -> None:
        write_text(self.workspace, relative, text)

    def close(self) -> None:
        """Remove the container, the postgres service and the network; idempotent."""
        if self._closed:
            return
        self._closed = True
        remove_quietly(self.container)
        if self._postgres is not None:
            self._postgres.remove()
        remove_quietly(self._network)
        self._client.close()


def _pump(stream: Any, sink: BoundedOutput) -> None:
    try:
        for chunk in stream:
            sink.feed(chunk)
    except Exception:
        return  # the stream was closed under us: the command is over
