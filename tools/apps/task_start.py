"""How an imported task starts its app, where it differs from the default (`./run.sh` on a free $PORT,
`/api`): its setup and run commands, its fixed port, its health check and the base URL of its API.

The evaluation and the verifier both start an app this way, so a published task is checked and
scored at the same address, by the same commands.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
from pydantic import BaseModel, Field

from tools.apps.workspace import StartPlan, detect_language

DEFAULT_HEALTH_PATH = "/api/health-check"
SUITE_API_BASE = "/api"  # where every suite and probe addresses the API

# A published setup command that installs the app's dependencies: the harness's install does it instead.
_DEPENDENCY_INSTALL = re.compile(
    r"^\s*(?:(?:uv\s+)?pip3?\s+install|python3?\s+-m\s+pip\s+install|npm\s+(?:install|ci|i)|yarn(?:\s+install)?"
    r"|pnpm\s+install)\b"
)


class TaskStart(BaseModel):
    """An imported task's own way to run; every field at its default is the default way."""

    run_cmds: list[str] | None = None  # run in order, the last one serving, instead of ./run.sh
    setup_cmds: list[str] | None = None  # dependency installs are the harness's own; the others run first
    port: int | None = Field(None, gt=0, lt=65536)  # the fixed port it listens on, instead of a free $PORT
    health_path: str = Field(DEFAULT_HEALTH_PATH, pattern=r"^/")
    api_base: str = Field(SUITE_API_BASE, pattern=r"^/")


def setup_steps(setup_cmds: list[str]) -> list[str]:
    """The setup commands that still run before a task's run commands (the others are the harness's install)."""
    return [command for command in setup_cmds if not _DEPENDENCY_INSTALL.match(command)]


def task_start_plan(workspace: Path, setup_cmds: list[str], run_cmds: list[str]) -> StartPlan:
    """A task's setup steps and run commands, chained with && in one shell at the workspace root, as the
    published harness chains them (a failing step stops the rest; the last command serves)."""
    steps = [*setup_steps(setup_cmds), *run_cmds]
    source = "task setupCmds + runCmds" if len(steps) > len(run_cmds) else "task run_cmds"
    command = ["bash", "-c", " && ".join(steps)]
    return StartPlan(workspace=workspace, language=detect_language(workspace), command=command, source=source)


def normal_api_base(path: str) -> str:
    """`/api/` -> `/api`, `/` -> `` (the API at the server's root): what replaces the suites' `/api`."""
    if not path.startswith("/"):
        raise ValueError(f"the API base {path!r} must be a path starting with /")
    return path.rstrip("/")


class ApiBaseTransport(httpx.BaseTransport):
    """Moves requests for `/api/...` to where the app serves its API (`api_base`), so a task published with
    another base URL is addressed at its own base by every suite and probe alike."""

    def __init__(self, inner: httpx.BaseTransport, api_base: str) -> None:
        self._inner = inner
        self._base = normal_api_base(api_base).encode()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.raw_path
        prefix = SUITE_API_BASE.encode()
        if path == prefix or path.startswith((prefix + b"/", prefix + b"?")):
            moved = self._base + path[len(prefix) :]
            request.url = request.url.copy_with(raw_path=moved if moved.startswith(b"/") else b"/" + moved)
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def at_api_base(transport: httpx.BaseTransport, api_base: str) -> httpx.BaseTransport:
    """`transport` itself for the default base, else wrapped to move `/api` requests to `api_base`."""
    return transport if normal_api_base(api_base) == SUITE_API_BASE else ApiBaseTransport(transport, api_base)
