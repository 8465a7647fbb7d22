"""The gates that run the app: install in a clean environment, start on a fresh database through the
isolation layer, database smoke test and contract probe, then tear everything down.

The app is started exactly as the harness starts it (tools.apps: install_dependencies, plan_start,
AppProcess in a box when isolation is on, app_environment), on a database made for this round alone.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

from agent.verifier.contract import Contract
from agent.verifier.db_lookup import provisioned_holds, stray_sqlite_files
from agent.verifier.locate import locate
from agent.verifier.probe import REQUEST_TIMEOUT_S, ContractProbe, ProbeOutcome
from agent.verifier.report import Finding, GateName, GateResult, tail
from tools.apps import AppLimits, AppProcess, StartupFailure, WorkspaceError, plan_start
from tools.apps.box_view import app_box_view
from tools.apps.environment import app_environment, new_marker
from tools.apps.install import install_dependencies
from tools.apps.task_start import TaskStart, at_api_base, task_start_plan
from tools.databases import DatabaseProvider, ProvisionedDatabase
from tools.isolation.mode import IsolationChoice
from tools.procs.ports import free_port, port_accepts
from tools.procs.scratch import owned_scratch_dir

SCRATCH_PREFIX = "cagent-verify-"
_LABEL = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


@dataclass
class RuntimeSetup:
    provider: DatabaseProvider | None
    isolation: IsolationChoice
    contract: Contract | None
    limits: AppLimits = field(default_factory=lambda: AppLimits(startup_s=30.0, stop_grace_s=1.0))
    probe_budget_s: float = 90.0
    start: TaskStart = field(default_factory=TaskStart)  # an imported task's own commands, port and base URL


class _Gates:
    """Collects the runtime gates in order; a gate that cannot run says why it was skipped."""

    def __init__(self) -> None:
        self.results: list[GateResult] = []
        self._started = time.monotonic()

    def add(self, gate: GateName, findings: list[Finding], note: str = "", seconds: float | None = None) -> None:
        elapsed = time.monotonic() - self._started
        seconds = round(elapsed if seconds is None else seconds, 3)
        self._started = time.monotonic()
        status = "failed" if findings else "passed"
        self.results.append(GateResult(gate=gate, status=status, seconds=seconds, findings=findings, note=note))

    def started_now(self) -> None:
        self._started = time.monotonic()

    def skip(self, gates: tuple[GateName, ...], why: str) -> None:
        for gate in gates:
            if all(result.gate != gate for result in self.results):
                self.results.append(GateResult(gate=gate, status="skipped", note=why))


def run_runtime_gates(workspace: Path, setup: RuntimeSetup) -> list[GateResult]:
    gates = _Gates()
    workspace = workspace.resolve()
    start = setup.start
    try:
        plan = (
            task_start_plan(workspace, start.setup_cmds or [], start.run_cmds)
            if start.run_cmds
            else plan_start(workspace)
        )
    except WorkspaceError as exc:
        gates.add("startup", [Finding(gate="startup", message=f"cannot start: {exc}", file="run.sh")])
        gates.skip(("install", "db-smoke", "contract"), "nothing to start")
        return gates.results
    installed = install_dependencies(workspace, plan.language, setup.limits.install_s)
    if not installed.ok:
        file = "package.json" if plan.language == "node" else "requirements.txt"
        message = f"the manifest does not install in a clean environment ({installed.command} failed)"
        gates.add("install", [Finding(gate="install", message=message, file=file, evidence=tail(installed.log_tail))])
        gates.skip(("startup", "db-smoke", "contract"), "dependencies did not install")
        return gates.results
    gates.add("install", [], note="skipped: unchanged since the last install" if installed.skipped else "")
    with contextlib.ExitStack() as teardown:
        database = _database(setup.provider, teardown)
        scratch = owned_scratch_dir(SCRATCH_PREFIX)
        teardown.callback(shutil.rmtree, scratch, ignore_errors=True)
        # The task's fixed port, as it is scored, unless something else holds it now (a run beside this one).
        port = start.port if start.port and not port_accepts(start.port) else free_port()
        env = app_environment(
            port=port, marker=new_marker(), database_env=database.env if database else {},
            install_env=installed.env, jwt_secret=secrets.token_hex(16),
        )  # fmt: skip
        box_view = app_box_view(workspace, installed.env, env) if setup.isolation.boxed else None
        app = AppProcess(plan, env, port, setup.limits, scratch / "server.log", box_view=box_view)
        app.start()
        teardown.callback(app.stop)
        if not _started(app, workspace, gates, start):
            gates.skip(("db-smoke", "contract"), "the server did not start")
            return gates.results
        if setup.contract is None:
            gates.skip(("db-smoke", "contract"), "no OpenAPI contract")
            return gates.results
        probing = time.monotonic()
        transport = at_api_base(httpx.HTTPTransport(), start.api_base)
        with httpx.Client(base_url=app.base_url, timeout=REQUEST_TIMEOUT_S, transport=transport) as client:
            probe = ContractProbe(
                setup.contract, client, server_alive=lambda: app.exit_code() is None or bool(app.pids()),
                log_tail=app.log_tail, budget_s=setup.probe_budget_s,
            )  # fmt: skip
            outcome = probe.run()
        probe_s = time.monotonic() - probing
        gates.started_now()
        smoke = outcome.smoke + _row_findings(outcome, database, workspace)
        if outcome.smoke_ran:
            gates.add("db-smoke", smoke, note=_smoke_note(outcome, database))
        else:
            gates.skip(("db-smoke",), "; ".join(outcome.notes))
        note = "; ".join([f"{outcome.requests} requests", *outcome.notes])
        gates.add("contract", outcome.contract, note=note, seconds=probe_s)
    return gates.results


def _database(provider: DatabaseProvider | None, teardown: contextlib.ExitStack) -> ProvisionedDatabase | None:
    if provider is None:
        return None
    database = provider.create("verify")
    teardown.callback(provider.drop, database)
    return database


def _started(app: AppProcess, workspace: Path, gates: _Gates, start: TaskStart) -> bool:
    try:
        ready = app.wait_ready(start.health_path)
    except StartupFailure as failure:
        log = app.log_tail()
        file, line = locate(log, workspace)
        message = f"the server did not start ({failure.reason}): {failure.detail}"
        command = " && ".join(start.run_cmds) if start.run_cmds else "./run.sh"
        where = file or ("run.sh" if "run.sh" in command else "")
        gates.add("startup", [Finding(gate="startup", message=message, file=where, line=line,
                                      evidence=f"{command}\n{tail(log)}")])  # fmt: skip
        return False
    findings = []
    if ready.loopback_only:
        findings.append(
            Finding(
                gate="startup",
                message=f"the server binds only to {', '.join(ready.bind_addresses)}; it must listen on all "
                "interfaces (0.0.0.0), or the evaluation cannot reach it",
            )
        )
    if ready.health_status != 200:
        findings.append(Finding(gate="startup", message=f"GET {start.health_path} answered {ready.health_status}"))
    for note in ready.notes:
        if "ignores $PORT" in note and start.port is None:  # a task with a fixed port need not read $PORT
            findings.append(Finding(gate="startup", message=f"the server {note}; it must listen on $PORT"))
    gates.add("startup", findings, note=f"answered the health check after {ready.seconds:.1f} s")
    return True


def _row_findings(outcome: ProbeOutcome, database: ProvisionedDatabase | None, workspace: Path) -> list[Finding]:
    """The registered user must be a row of the provisioned database (not of a SQLite file beside it)."""
    value = outcome.registered.get("email") or outcome.registered.get("username")
    if not isinstance(value, str) or database is None or database.admin_url is None or outcome.smoke:
        return []
    try:
        holding = provisioned_holds(database.admin_url, database.kind, value)
    except (psycopg.Error, OSError, ValueError) as exc:
        return [Finding(gate="db-smoke", message=f"cannot read the provisioned database: {exc}")]
    if holding:
        return []
    label = _LABEL[database.kind]
    stray = stray_sqlite_files(workspace, value)
    where = f"; it is in {', '.join(stray)} inside the workspace" if stray else ""
    return [
        Finding(
            gate="db-smoke",
            message=f"the user registered through the API ({value}) is not in the provisioned {label} database "
            f"(DATABASE_URL){where}: the app keeps its data elsewhere",
            file=stray[0] if stray else "",
        )
    ]


def _smoke_note(outcome: ProbeOutcome, database: ProvisionedDatabase | None) -> str:
    if outcome.smoke or database is None:
        return ""
    return f"registered, read back with a token, row found in the provisioned {_LABEL[database.kind]} database"
