"""A `cagent solve` run directory as what `cagent eval` scores: its workspace, its constraints, its score.

`cagent eval runs/NAME` reads the constraints the run was given from its trajectory (the spec's framework
and constraints, recorded when the run started; for a free-text task, those the planning mitigation
extracted into plan.json), scores the workspace, writes the full result to `eval.json` beside the
trajectory and adds a summary of it under `eval` in `result.json`, so the score stays with the run.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from agent.trajectory import load_trajectory
from evals.results import EvalResult
from planners.constraints import ConstraintSet
from tools.atomic import write_atomic

EVAL_FILE = "eval.json"
_CONSTRAINT_KEYS = ("architecture", "database", "orm")


class RunDirectoryError(ValueError):
    """The directory looks like a run but cannot be read as one (one line for the user)."""


class RunTarget(BaseModel):
    """What an evaluation of a run needs to know about it."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    root: Path
    workspace: Path
    constraints: ConstraintSet | None
    constraints_from: str  # where they were read: "trajectory", "plan.json", or "none recorded"
    task: str | None
    model: str | None
    status: str


def is_run_directory(path: Path) -> bool:
    return path.is_dir() and (path / "trajectory.json").is_file()


def _workspace(root: Path) -> Path:
    """result.json says where the workspace is (a run-task run works in place); else `root/workspace`."""
    result = _read_json(root / "result.json")
    recorded = result.get("workspace") if isinstance(result, dict) else None
    if isinstance(recorded, str) and Path(recorded).is_dir():
        return Path(recorded)
    return root / "workspace"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _constraint_set(framework: Any, values: Any) -> ConstraintSet | None:
    if not isinstance(framework, str) or not framework:
        return None
    chosen = (
        {k: v for k, v in (values or {}).items() if k in _CONSTRAINT_KEYS and v} if isinstance(values, dict) else {}
    )
    return ConstraintSet(framework=framework, **chosen)


def _recorded_constraints(task: dict[str, Any], root: Path) -> tuple[ConstraintSet | None, str]:
    """The spec's constraints as the trajectory recorded them, else those plan.json holds."""
    try:
        if (found := _constraint_set(task.get("framework"), task.get("constraints"))) is not None:
            return found, "trajectory"
        plan = _read_json(root / "plan.json")
        if isinstance(plan, dict):
            held = plan.get("constraints") if isinstance(plan.get("constraints"), dict) else plan
            if (found := _constraint_set(held.get("framework"), held)) is not None:
                return found, "plan.json"
    except (ValidationError, ValueError) as exc:
        raise RunDirectoryError(
            f"{root}: the constraints it records are not valid: {str(exc).splitlines()[0]}"
        ) from None
    return None, "none recorded"


def read_run(root: Path) -> RunTarget:
    """The run in `root` (a directory holding trajectory.json); RunDirectoryError when it cannot be read."""
    try:
        trajectory = load_trajectory(root / "trajectory.json")
    except (OSError, ValueError) as exc:
        raise RunDirectoryError(
            f"{root / 'trajectory.json'} is not a cagent trajectory: {type(exc).__name__}"
        ) from None
    workspace = _workspace(root)
    if not workspace.is_dir():
        raise RunDirectoryError(f"{root} holds no workspace (expected {workspace})")
    constraints, source = _recorded_constraints(trajectory.task, root)
    name = trajectory.task.get("name")
    return RunTarget(
        root=root, workspace=workspace, constraints=constraints, constraints_from=source,
        task=name if isinstance(name, str) else None, model=trajectory.model, status=trajectory.status,
    )  # fmt: skip


def score_summary(result: EvalResult) -> dict[str, Any]:
    """What result.json keeps of an evaluation (the whole document is in eval.json)."""
    compliance = result.compliance
    return {
        "file": EVAL_FILE,
        "scored_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "suites": [suite.suite for suite in result.suites],
        "passed": result.passed,
        "total": result.total,
        "a_pct": result.a_pct,
        "strict_a_pct": result.strict_a_pct if compliance is not None else None,
        "compliant": compliance.compliant if compliance is not None else None,
        "pass": result.all_passed,
        "fault": result.fault,
        "failure": result.failure.category if result.failure is not None else None,
        "database": result.database,
    }


def record_score(target: RunTarget, result: EvalResult) -> list[Path]:
    """Write eval.json and the summary in result.json (when the run wrote one); the files written.

    Raises EnvironmentFailure when the filesystem refuses a write.
    """
    written = [target.root / EVAL_FILE]
    write_atomic(written[0], json.dumps(result.model_dump(mode="json", by_alias=True), indent=2))
    result_path = target.root / "result.json"
    document = _read_json(result_path)
    if isinstance(document, dict):
        document["eval"] = score_summary(result)
        write_atomic(result_path, json.dumps(document, indent=2))
        written.append(result_path)
    return written
