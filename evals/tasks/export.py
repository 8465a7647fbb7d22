"""Writing tasks back out in the published task-file format (what `cagent tasks import` reads)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.tasks.model import BenchTask
from tools.atomic import write_atomic

_DOCKER_FOLDER = {"python": "uv", "node": "node"}
_SETUP = {
    "python": ["uv pip install --system -r requirements.txt", "chmod +x run.sh"],
    "node": ["npm install", "chmod +x run.sh"],
}


def published_document(task: BenchTask, patch_name: str | None) -> dict[str, Any]:
    return {
        "name": task.name,
        "description": task.description,
        "prompt": task.prompt,
        "dockerFolder": _DOCKER_FOLDER[task.language] if task.kind == "greenfield" else task.framework,
        "patch": patch_name,
        "repoMetadata": {
            "repoUrl": str(task.repo) if task.repo else None,
            "repoCommit": None,
            "setupCmds": task.setup_cmds or _SETUP[task.language],
            "runCmds": task.run_cmds,
            "port": task.port,
            "baseUrl": task.base_url,
            "healthcheckEndpoint": task.health_check,
        },
        "taskMetadata": None,
        "postmanCollection": "Conduit.postman_collection.json",
    }


def export_tasks(tasks: list[BenchTask], folder: Path) -> list[Path]:
    """One `<name>.json` per task in `folder` (and `<name>.patch` beside a feature task's); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for task in tasks:
        patch_name = f"{task.name}.patch" if task.patch is not None else None
        if patch_name is not None and task.patch is not None:
            write_atomic(folder / patch_name, task.patch)
        path = folder / f"{task.name}.json"
        write_atomic(path, json.dumps(published_document(task, patch_name), indent=2) + "\n")
        written.append(path)
    return written
