"""Deciding how a workspace is started, following the generated-backend contract."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

Language = Literal["python", "node", "unknown"]


class WorkspaceError(ValueError):
    """The workspace cannot be run at all (bad input, reported in one line)."""


class StartPlan(BaseModel):
    workspace: Path
    language: Language
    command: list[str]
    # Which file told us how to start, for reports ("run.sh", "package.json scripts.start", ...).
    source: str


def detect_language(workspace: Path) -> Language:
    if (workspace / "package.json").is_file():
        return "node"
    if any((workspace / name).is_file() for name in ("requirements.txt", "pyproject.toml", "setup.py")):
        return "python"
    if any(workspace.glob("*.py")):
        return "python"
    if any(workspace.glob("*.js")) or any(workspace.glob("*.ts")):
        return "node"
    return "unknown"


def plan_start(workspace: Path) -> StartPlan:
    """run.sh when present (made executable), else `npm start`, else a conventional Python entry point."""
    if not workspace.is_dir():
        raise WorkspaceError(f"no such workspace directory: {workspace}")
    language = detect_language(workspace)
    run_sh = workspace / "run.sh"
    if run_sh.is_file():
        mode = run_sh.stat().st_mode
        os.chmod(run_sh, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return StartPlan(workspace=workspace, language=language, command=["bash", "./run.sh"], source="run.sh")
    package = workspace / "package.json"
    if package.is_file():
        try:
            scripts = json.loads(package.read_text()).get("scripts", {})
        except (json.JSONDecodeError, AttributeError) as exc:
            raise WorkspaceError(f"{package} is not valid JSON: {exc}") from exc
        if isinstance(scripts, dict) and "start" in scripts:
            return StartPlan(
                workspace=workspace,
                language="node",
                command=["npm", "start", "--silent"],
                source="package.json scripts.start",
            )
    for entry in ("app.py", "main.py", "server.py", "wsgi.py"):
        if (workspace / entry).is_file():
            return StartPlan(workspace=workspace, language="python", command=["python", entry], source=entry)
    raise WorkspaceError(f"{workspace} has no run.sh and no way to start it (npm start script, app.py, main.py)")
