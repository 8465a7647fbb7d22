"""What the viewer shows of a run: its trajectory, result.json, eval.json when scored, and its final diff."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from agent.git_workspace import diff
from agent.trajectory import Trajectory, load_trajectory

MAX_PATCH_LINES = 3000  # a lock file rewritten whole should not make the page unopenable
_FILE_HEADER = re.compile(r"^diff --git a/(.+?) b/(.+)$")


class RunViewError(ValueError):
    """The path holds no readable trajectory (one line for the user)."""


class FileDiff(BaseModel):
    path: str
    status: str  # added, deleted, modified, renamed
    added: int
    removed: int
    patch: str
    cut_lines: int = 0


class RunView(BaseModel):
    """One run as the viewer reads it; `result` and `score` are the JSON documents, when present."""

    name: str
    folder: Path
    trajectory: Trajectory
    result: dict[str, Any] | None = None
    score: dict[str, Any] | None = None  # eval.json: the full evaluation (`cagent eval RUN` / `solve --eval`)
    files: list[FileDiff] = []
    diff_note: str | None = None  # why there is no diff, when there is none


def _document(path: Path) -> dict[str, Any] | None:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def split_diff(text: str) -> list[FileDiff]:
    """A unified git diff as one entry per file, with its counts of added and removed lines."""
    files: list[FileDiff] = []
    for chunk in re.split(r"(?m)^(?=diff --git )", text):
        lines = chunk.splitlines()
        if not lines or not (header := _FILE_HEADER.match(lines[0])):
            continue
        status = "modified"
        if any(line.startswith("new file mode") for line in lines[1:6]):
            status = "added"
        elif any(line.startswith("deleted file mode") for line in lines[1:6]):
            status = "deleted"
        elif header.group(1) != header.group(2):
            status = "renamed"
        body = [line for line in lines if not line.startswith(("+++", "---"))]
        added = sum(1 for line in body if line.startswith("+"))
        removed = sum(1 for line in body if line.startswith("-"))
        cut = max(0, len(lines) - MAX_PATCH_LINES)
        files.append(
            FileDiff(path=header.group(2), status=status, added=added, removed=removed,
                     patch="\n".join(lines[:MAX_PATCH_LINES]), cut_lines=cut)
        )  # fmt: skip
    return files


def _final_diff(trajectory: Trajectory, workspace: Path) -> tuple[list[FileDiff], str | None]:
    base = trajectory.base_commit
    final = trajectory.exit.final_commit if trajectory.exit else None
    if base is None or final is None:
        return [], "no final commit recorded (the run has not ended, or was killed)"
    if not workspace.is_dir():
        return [], f"the workspace {workspace} is gone"
    try:
        return split_diff(diff(workspace, base, final)), None
    except Exception as exc:  # a removed commit, a broken repository: the page still opens
        return [], f"git diff failed: {str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__}"


def trajectory_file(path: Path) -> Path:
    return path / "trajectory.json" if path.is_dir() else path


def load_run(path: Path, *, with_diff: bool = True) -> RunView:
    """The run at `path` (a run directory or its trajectory.json); RunViewError when it cannot be read."""
    file = trajectory_file(path)
    if not file.is_file():
        raise RunViewError(f"no such trajectory: {file}")
    try:
        trajectory = load_trajectory(file)
    except (ValidationError, ValueError, OSError) as exc:
        raise RunViewError(f"{file} is not a cagent trajectory: {str(exc).splitlines()[0]}") from None
    folder = file.parent
    result = _document(folder / "result.json")
    score = _document(folder / "eval.json")
    recorded = (result or {}).get("workspace")
    workspace = Path(recorded) if isinstance(recorded, str) else folder / "workspace"
    files, note = _final_diff(trajectory, workspace) if with_diff else ([], None)
    name = str(trajectory.task.get("name") or folder.name)
    return RunView(
        name=name, folder=folder, trajectory=trajectory, result=result, score=score, files=files, diff_note=note
    )


def find_runs(paths: list[Path], depth: int = 3) -> list[Path]:
    """Run directories: each path that is one, else those found below it (a bench directory), in order."""
    found: list[Path] = []
    for path in paths:
        if trajectory_file(path).is_file():
            found.append(path)
            continue
        if path.is_dir():
            for level in range(1, depth + 1):
                found += sorted(p.parent for p in path.glob("/".join(["*"] * level) + "/trajectory.json"))
    return found
