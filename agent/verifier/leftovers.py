"""Servers the agent left running: processes working in the workspace that listen on a port.

A server started by hand (`python app.py &`) outlives the agent's command; it keeps the port the app
asks for, so the next start fails to bind, or the health check reaches the old code.
"""

from __future__ import annotations

import os
from pathlib import Path

from agent.verifier.report import Finding, GateResult
from tools.apps.environment import MARKER_NAME
from tools.apps.procinfo import listening_sockets

PROC = Path("/proc")


def _in_workspace(pid: int, root: str) -> bool:
    try:
        cwd = os.readlink(PROC / str(pid) / "cwd")
    except OSError:
        return False
    return cwd == root or cwd.startswith(root + "/")


def _harness_app(pid: int) -> bool:
    """Apps a harness started (the `server` tool's, an evaluation's) carry its marker and die with it."""
    try:
        return f"{MARKER_NAME}=".encode() in (PROC / str(pid) / "environ").read_bytes()
    except OSError:
        return False


def _command(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return "?"
    return " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)[:300]


def _ours() -> set[int]:
    """This process and its ancestors (the session running the verifier may itself sit in the workspace)."""
    pids, pid = set(), os.getpid()
    while pid > 1 and pid not in pids:
        pids.add(pid)
        try:
            stat = (PROC / str(pid) / "stat").read_text()
            pid = int(stat.rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            break
    return pids


def check_leftovers(workspace: Path) -> GateResult:
    root = str(workspace.resolve())
    ours = _ours()
    findings = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit() or int(entry.name) in ours:
            continue
        pid = int(entry.name)
        if not _in_workspace(pid, root) or _harness_app(pid):
            continue
        ports = sorted({sock.port for sock in listening_sockets([pid])})
        if ports:
            findings.append(
                Finding(
                    gate="leftover-server",
                    message=f"a server left running from the workspace holds port {', '.join(map(str, ports))} "
                    f"(pid {pid}); stop it: the evaluation starts the app itself, on a port of its choosing",
                    evidence=_command(pid),
                )
            )
    return GateResult(gate="leftover-server", status="failed" if findings else "passed", findings=findings)
