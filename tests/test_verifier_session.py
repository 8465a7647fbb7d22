"""Evidence through the session: a scripted agent submits a PostgreSQL backend with a route importing a
repository and a SQLite fallback; the verifier refuses both at `submit`, the agent fixes them, the second
round passes. With the verifier off, `submit` ends the run at once. Real PostgreSQL, processes and HTTP."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agent.models.scripted import ScriptedModel
from agent.session import RunPlan, run_agent
from agent.spec import Mitigations
from agent.trajectory import load_trajectory
from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from planners.constraints import ConstraintSet
from planners.contracts import load_contract
from tests.agent_scripts import call, turn, write_script
from tests.reference_mutants import MUTANTS

DEFECTS = ("route_imports_repository", "sqlite_fallback")


def _defective_files() -> dict[str, str]:
    """The reference's files as the scripted agent writes them, with both defects seeded."""
    root = reference_path()
    files = {
        path.relative_to(root).as_posix(): path.read_text()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".db"
    }
    for name in DEFECTS:
        for relative, old, new in MUTANTS[name]:
            files[relative] = files[relative].replace(old, new, 1)
    return files


def _fixes() -> list[dict[str, Any]]:
    return [
        call("editor", {"command": "str_replace", "path": relative, "old_str": new, "new_str": old})
        for name in DEFECTS
        for relative, old, new in MUTANTS[name]
    ]


def _plan(tmp_path: Path, verifier: bool) -> RunPlan:
    run = tmp_path / "run"
    return RunPlan(
        workspace=run / "workspace", trajectory_path=run / "trajectory.json", result_path=run / "result.json",
        task_prompt="Build the Conduit API with Flask, clean architecture, PostgreSQL and SQLAlchemy.",
        language="python", task_info={"name": "verifier-evidence"}, database="postgres",
        mitigations=Mitigations.off().model_copy(update={"verifier": verifier}),
        constraints=ConstraintSet(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy"),
        contract=load_contract("conduit"),
    )  # fmt: skip


def _script(tmp_path: Path) -> ScriptedModel:
    writes = [call("editor", {"command": "create", "path": p, "file_text": t}) for p, t in _defective_files().items()]
    turns = [
        turn(*writes, call("bash", {"command": "chmod +x run.sh"})),
        turn(call("submit", {"summary": "the API is done"})),
        turn(*_fixes()),
        turn(call("submit", {"summary": "fixed the layering and the database URL"})),
    ]
    return ScriptedModel(write_script(tmp_path / "agent.jsonl", turns))


def test_the_verifier_catches_both_defects_and_the_fixed_backend_passes(tmp_path: Path, postgres) -> None:
    result = run_agent(_plan(tmp_path, verifier=True), _script(tmp_path))
    assert result.status == "submitted", result.reason
    trajectory = load_trajectory(Path(result.trajectory))
    submits = [o for step in trajectory.steps for o in step.observations if o.tool == "submit"]
    assert [o.verification.passed for o in submits if o.verification] == [False, True]
    refused = submits[0].output
    assert "app/routes/tags.py:9" in refused and "routes import repositories" in refused
    assert "app/config.py:30" in refused and "SQLite connection (sqlite:///local.db)" in refused
    assert "not in the provisioned PostgreSQL database" in refused  # the smoke test finds the row elsewhere
    document = json.loads((tmp_path / "run" / "verifier.json").read_text())
    assert [r["report"]["passed"] for r in document["rounds"]] == [False, True]
    first = {f["gate"] for f in document["rounds"][0]["report"]["findings"]}
    assert first == {"compliance", "db-smoke"}
    saved = json.loads((tmp_path / "run" / "result.json").read_text())
    assert saved["mitigations_report"]["verifier"]["submit_rounds"] == 2
    assert saved["mitigations_report"]["verifier"]["passed"] is True
    # The harness agrees with the verifier's last round: compliant, and strict A% equals A%.
    scored = evaluate(Path(result.workspace), [load_suite("postman-v1")], postgres,
                      EvalOptions(constraints=_plan(tmp_path, True).constraints))  # fmt: skip
    assert scored.compliance is not None and scored.compliance.compliant
    assert scored.strict_a_pct == scored.a_pct == 100.0


def test_without_the_verifier_submit_ends_the_run_at_once(tmp_path: Path, postgres) -> None:
    result = run_agent(_plan(tmp_path, verifier=False), _script(tmp_path))
    assert result.status == "submitted" and result.steps == 2
    assert not (tmp_path / "run" / "verifier.json").exists()
