"""`cagent eval RUN_DIR` and `cagent solve --eval`: a run scored with its own constraints, the score kept with it."""

from __future__ import annotations

import json
from pathlib import Path

from evals.run_directory import read_run
from tests.agent_cli_runs import PROJECT, assert_one_line_error, cagent
from tests.agent_scripts import call, turn, write_script
from tests.tiny_apps import SERVER

DEMO = PROJECT / "examples" / "conduit-flask-demo.yaml"


def test_solve_with_eval_scores_the_run_with_the_constraints_of_its_spec(tmp_path: Path) -> None:
    run = tmp_path / "demo"
    done = cagent("solve", str(DEMO), "--workdir", str(run), "--quiet", "--eval", env={"CAGENT_MITIGATIONS": "none"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "constraints from the run's trajectory: framework flask, architecture clean, database sqlite" in done.stdout
    result = json.loads((run / "result.json").read_text())
    assert result["status"] == "submitted"
    score = result["eval"]
    assert (score["passed"], score["total"], score["pass"], score["compliant"]) == (311, 311, True, True)
    assert score["strict_a_pct"] == 100.0 and score["database"] == "sqlite" and score["file"] == "eval.json"
    document = json.loads((run / "eval.json").read_text())
    assert document["task"] == "conduit-flask-demo" and document["scaffold"] == "cagent"
    assert document["model"].startswith("scripted:")
    kinds = {verdict["kind"] for verdict in document["compliance"]["verdicts"]}
    assert {"framework", "architecture", "database", "orm", "database-runtime"} <= kinds


def _tiny_run(tmp_path: Path, *framework: str) -> Path:
    """A scripted free-text run that writes a server answering only the health check."""
    app = SERVER.format(prelude="", on_get="pass", host="0.0.0.0", port='int(os.environ["PORT"])')
    script = write_script(
        tmp_path / "s.jsonl",
        [
            turn(call("editor", {"command": "create", "path": "app.py", "file_text": app})),
            turn(call("editor", {"command": "create", "path": "run.sh", "file_text": "exec python3 app.py\n"})),
            turn(call("submit", {"summary": "a server"})),
        ],
    )
    task = tmp_path / "task.md"
    task.write_text("Build a server.")
    run = tmp_path / "run"
    done = cagent("solve", "--task-file", str(task), *framework, "--model", f"scripted:{script}",
                  "--workdir", str(run), "--quiet", env={"CAGENT_MITIGATIONS": "none"})  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return run


def test_a_run_directory_brings_its_framework_and_keeps_its_score(tmp_path: Path) -> None:
    run = _tiny_run(tmp_path, "--framework", "flask")
    done = cagent("eval", str(run), "--db", "sqlite", "--quiet")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "constraints from the run's trajectory: framework flask" in done.stdout
    assert f"score recorded in {run / 'eval.json'} and {run / 'result.json'}" in done.stdout
    result = json.loads((run / "result.json").read_text())
    assert result["status"] == "submitted" and result["steps"] == 3  # the run's own record stays as it was
    score = result["eval"]
    assert score["compliant"] is False and score["strict_a_pct"] == 0.0 and not score["pass"]  # no Flask in it
    assert score["total"] == json.loads((run / "eval.json").read_text())["total"] > 0
    given = cagent("eval", str(run), "--db", "sqlite", "--quiet", "--framework", "express")
    assert "constraints from the command line: framework express" in given.stdout
    assert json.loads((run / "eval.json").read_text())["compliance"]["constraints"]["framework"] == "express"
    # A free-text run without a framework records no constraints: scored without compliance.
    trajectory = json.loads((run / "trajectory.json").read_text())
    trajectory["task"]["framework"] = None
    (run / "trajectory.json").write_text(json.dumps(trajectory))
    target = read_run(run)
    assert target.constraints is None and target.constraints_from == "none recorded"
    assert target.workspace == run / "workspace" and target.status == "submitted"
    (run / "trajectory.json").write_text("{not json")
    assert_one_line_error(cagent("eval", str(run)), "is not a cagent trajectory")
