"""The `server` tool: start the workspace's app as the evaluation will (install, fresh database, run.sh),
then stop it, read its log, or ask how it is doing.

The app runs on this machine through `tools.apps`, whatever the sandbox, because that is where the
harness runs it too; the model sees the same start-up failures the evaluation would report.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field

from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.agent_tools.text import plural
from tools.apps import AppLimits, AppProcess, StartupFailure, WorkspaceError, plan_start
from tools.apps.box_view import app_box_view
from tools.apps.environment import app_environment, new_marker
from tools.apps.install import install_dependencies
from tools.apps.process import HEALTH_PATH
from tools.base import ToolResult
from tools.databases import DatabaseProvider, ProvisionedDatabase
from tools.isolation.mode import IsolationChoice, resolve_isolation
from tools.procs.ports import free_port
from tools.sandbox.base import Sandbox

Action = Literal["start", "stop", "status", "logs"]
ACTIONS: tuple[str, ...] = get_args(Action)


class ServerArguments(ToolArguments):
    action: Action
    keep_database: bool = Field(
        False, description="start: keep the current database and its data (default: a fresh one)"
    )
    lines: int = Field(60, description="logs: how many last lines (default 60)")


def _last_lines(text: str, count: int) -> str:
    return "\n".join(text.rstrip().splitlines()[-count:]) or "(empty log)"


class ServerTool:
    name = "server"
    description = (
        "Run the app in the workspace the way the evaluation does: `start` installs dependencies "
        "(requirements.txt or package.json), creates a fresh empty database (DATABASE_URL), runs ./run.sh "
        f"with $PORT set and waits for GET {HEALTH_PATH} to answer; starting again restarts. `logs` shows the "
        "end of its output, `status` whether it still runs, `stop` stops it. Then use the http tool."
    )

    def __init__(
        self,
        sandbox: Sandbox,
        database_provider: DatabaseProvider | None = None,
        *,
        limits: AppLimits | None = None,
        log_chars: int = 4000,
    ) -> None:
        self.sandbox = sandbox
        self.database_provider = database_provider
        self.limits = limits or AppLimits(wall_s=4 * 3600)
        self.log_chars = log_chars
        # The app is contained as the sandbox's commands are (a docker sandbox's apps still run here).
        own = getattr(sandbox, "isolation", None)
        self.isolation = own if isinstance(own, IsolationChoice) else resolve_isolation()
        self._app: AppProcess | None = None
        self._database: ProvisionedDatabase | None = None
        self._scratch: Path | None = None
        self._started_at = 0.0

    @property
    def base_url(self) -> str | None:
        """The URL of the app last started (even if it crashed since), None after `stop`."""
        return self._app.base_url if self._app is not None else None

    def parameters(self) -> dict[str, Any]:
        return schema_of(ServerArguments)

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(ServerArguments, arguments)
        action = given.action
        if action == "start":
            return self._start(given.keep_database)
        if action == "stop":
            return self._stop()
        if action == "logs":
            if self._app is None:
                return ToolResult(output="no app has been started", is_error=True)
            return ToolResult(output=_last_lines(self._app.log_tail(self.log_chars), given.lines))
        return self._status()

    def _start(self, keep_database: bool) -> ToolResult:
        restarted = self._app is not None
        self._stop_app()
        workspace = self.sandbox.workspace
        try:
            plan = plan_start(workspace)
        except WorkspaceError as exc:
            return ToolResult(output=f"cannot start: {exc}", is_error=True)
        installed = install_dependencies(workspace, plan.language, self.limits.install_s)
        if not installed.ok:
            return ToolResult(
                output=f"installing dependencies failed ({installed.command}):\n{installed.log_tail}", is_error=True
            )
        if not keep_database or self._database is None:
            self._drop_database()
            if self.database_provider is not None:
                self._database = self.database_provider.create("agent")
        port = free_port()
        env = app_environment(
            port=port,
            marker=new_marker(),
            database_env=self._database.env if self._database else {},
            install_env=installed.env,
            jwt_secret=secrets.token_hex(16),
        )
        box_view = app_box_view(workspace, installed.env, env) if self.isolation.boxed else None
        self._app = AppProcess(plan, env, port, self.limits, self._scratch_dir() / "server.log", box_view=box_view)
        self._started_at = time.monotonic()
        self._app.start()
        command = f"`{' '.join(plan.command)}` (from {plan.source})"
        try:
            ready = self._app.wait_ready()
        except StartupFailure as failure:
            log = self._app.log_tail(self.log_chars)
            self._app.stop()
            return ToolResult(
                output=f"the app did not start ({failure.reason}): {failure.detail}\nstarted with {command}\n"
                f"log:\n{_last_lines(log, 60)}",
                is_error=True,
            )
        lines = [
            f"{'restarted' if restarted else 'started'} with {command}: {self._app.base_url} answered "
            f"GET {HEALTH_PATH} with {ready.health_status} after {ready.seconds:.1f} s",
            self._describe_install(installed.skipped, installed.seconds, installed.env.get("VIRTUAL_ENV")),
            self._describe_database(),
            *(f"note: {note}" for note in ready.notes),
            "log so far:",
            _last_lines(self._app.log_tail(self.log_chars), 15),
        ]
        return ToolResult(output="\n".join(lines))

    @staticmethod
    def _describe_install(skipped: bool, seconds: float, venv: str | None) -> str:
        where = f" (virtualenv {venv})" if venv else ""
        if skipped:
            return f"dependencies: unchanged since the last install{where}"
        return f"dependencies: installed in {seconds:.1f} s{where}"

    def _describe_database(self) -> str:
        if self._database is None:
            return "database: none"
        return f"database: {self._database.kind}, DATABASE_URL={self._database.url}"

    def _status(self) -> ToolResult:
        app = self._app
        if app is None:
            return ToolResult(output="no app has been started")
        if app.violation:
            return ToolResult(output=f"killed: {app.violation}", is_error=True)
        code = app.exit_code()
        if code is not None and not app.pids():
            log = _last_lines(app.log_tail(self.log_chars), 30)
            return ToolResult(output=f"not running: exited with code {code}\nlog:\n{log}", is_error=True)
        uptime = time.monotonic() - self._started_at
        processes = plural(len(app.pids()), "process", "processes")
        return ToolResult(output=f"running at {app.base_url} for {uptime:.0f} s ({processes})")

    def _stop(self) -> ToolResult:
        if self._app is None:
            return ToolResult(output="no app is running")
        report = self._app.stop()
        self._app = None
        self._drop_database()
        how = "killed after the grace period" if report.forced else "stopped"
        return ToolResult(output=f"{how} (exit code {report.exit_code}); the database was dropped")

    def _stop_app(self) -> None:
        if self._app is not None:
            self._app.stop()
            self._app = None

    def _drop_database(self) -> None:
        if self._database is not None and self.database_provider is not None:
            self.database_provider.drop(self._database)
        self._database = None

    def _scratch_dir(self) -> Path:
        # The log lives outside the workspace, so it never ends up in the generated code's history.
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="cagent-server-"))
        return self._scratch

    def close(self) -> None:
        """Stop the app, drop its database and remove the log; idempotent. The provider stays open."""
        self._stop_app()
        self._drop_database()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
