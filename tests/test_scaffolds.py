"""Every scaffold through one harness, end to end and offline: the scaffold really runs against the fake
model server, edits a fresh workspace, exits, and the bench scores what it left."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.spec import Mitigations
from evals.bench.matrix import NO_CONFIG, PlannedRun, RunKey
from evals.bench.run_one import RunSettings, RunSpec, execute_run
from evals.fake_llm import FakeLLMServer, load_fake_script
from evals.scaffolds.base import ScaffoldLimits, ScaffoldRequest
from evals.scaffolds.cagent import plan_for
from evals.scaffolds.mini_swe import PACKAGE as MINI
from evals.scaffolds.openhands import PACKAGE as OPENHANDS
from evals.scaffolds.venvs import installed
from evals.tasks import select_tasks
from evals.tasks.published import load_task_file
from planners.extraction import extract
from planners.planning import as_draft, contract_in_text, default_plan
from tests.scaffold_scripts import (
    CAGENT_FINISH,
    MINI_FINISH,
    OPENHANDS_FINISH,
    OPENHANDS_SHELL,
    WRITE_APP,
    write_fake_script,
)
from tools.apps.task_start import TaskStart

TASK = "flask-openapi-unconstrained"


def _spec(tmp_path: Path, scaffold: str, base_url: str | None, model: str = "openai/fake-llm") -> RunSpec:
    (task,) = select_tasks(f"name={TASK}")
    key = RunKey(task=TASK, scaffold=scaffold, model=model, config=NO_CONFIG, trial=1)
    settings = RunSettings(limits=ScaffoldLimits(steps=10, cost_usd=1.0, wall_s=300), api_base=base_url,
                           api_key="sk-fake")  # fmt: skip
    return RunSpec(planned=PlannedRun(key=key, task=task, scaffold=scaffold, mitigations=None), settings=settings,
                   run_dir=tmp_path / "run")  # fmt: skip


def _check_scored(document: dict) -> None:
    assert document["status"] == "done", document.get("infra_reason")
    scaffold = document["scaffold"]
    assert scaffold["status"] == "submitted"
    assert sorted(scaffold["diff_files"]) == ["app.py", "requirements.txt", "run.sh"]  # no node_modules, no db file
    diff = Path(scaffold["diff_path"]).read_text()
    assert "ThreadingHTTPServer" in diff and "node_modules" not in diff and "local.sqlite3" not in diff
    evaluation = document["evaluation"]
    assert evaluation["startup"]["ok"] is True and evaluation["total"] > 0  # the harness ran what the scaffold left
    assert document["summary"]["a_pct"] == evaluation["a_pct"] and document["summary"]["pass"] is False


@pytest.mark.skipif(
    installed(MINI) is None, reason="mini-swe-agent is not installed: cagent scaffolds install mini-swe-agent"
)
def test_mini_swe_agent_end_to_end(tmp_path: Path) -> None:
    script = load_fake_script(write_fake_script(tmp_path / "mini.jsonl", MINI_FINISH))
    with FakeLLMServer(script, log=tmp_path / "requests.jsonl") as server:
        document = execute_run(_spec(tmp_path, "mini-swe-agent", server.base_url))
    _check_scored(document)
    scaffold = document["scaffold"]
    assert scaffold["raw_status"] == "Submitted" and scaffold["steps"] == 2 and scaffold["version"] == "2.4.6"
    assert (scaffold["prompt_tokens"], scaffold["completion_tokens"]) == (2200, 60)  # the usage the server reported
    requests = [json.loads(line) for line in (tmp_path / "requests.jsonl").read_text().splitlines()]
    assert [r["turn"] for r in requests] == [1, 2] and requests[0]["tools"] == 1  # mini's bash tool
    trajectory = json.loads(Path(scaffold["trajectory"]).read_text())
    assert trajectory["info"]["exit_status"] == "Submitted"


def test_cagent_in_process_against_the_fake_server(tmp_path: Path) -> None:
    # Mitigations off: the plain loop, two turns (the next test runs all four against the same server).
    script = load_fake_script(write_fake_script(tmp_path / "cagent.jsonl", CAGENT_FINISH))
    spec = _spec(tmp_path, "cagent", None)
    off = Mitigations(plan=False, retrieval=False, schema=False, verifier=False)
    with FakeLLMServer(script) as server:
        spec.settings.api_base = server.base_url
        spec.planned = spec.planned.model_copy(update={"mitigations": off})
        document = execute_run(spec)
    _check_scored(document)
    scaffold = document["scaffold"]
    assert scaffold["raw_status"].startswith("submitted") and scaffold["steps"] == 2
    assert (scaffold["prompt_tokens"], scaffold["completion_tokens"]) == (2200, 60)
    trajectory = json.loads(Path(scaffold["trajectory"]).read_text())
    recorded = trajectory["configuration"]["mitigations"]  # the run's mitigation set reached the session
    assert recorded == {"plan": False, "retrieval": False, "schema": False, "verifier": False}
    assert document["mitigations"] == recorded


def _planner_and_reviewer_lines(task_prompt: str) -> list[dict]:
    """The planner's conversation accepts the default plan; the reviewer's reports nothing, each time it is asked."""
    extraction = extract(task_prompt)
    draft = as_draft(default_plan(extraction.constraints, contract_in_text(task_prompt), extraction))
    review = {"conversation": "You review a generated REST backend", "content": "Read it.",
              "tool_calls": [{"name": "report_findings", "arguments": {"findings": []}}]}  # fmt: skip
    return [{"conversation": "You plan backend implementations", "content": draft.model_dump_json()}, *[review] * 3]


def test_cagent_with_every_mitigation_against_one_fake_server(tmp_path: Path) -> None:
    """Planner, agent and reviewer share the model: each is its own conversation of the one script. The tiny
    http.server app is not Flask and answers POST with 501, so the verifier refuses each submit until its
    rounds run out."""
    (task,) = select_tasks(f"name={TASK}")
    write = {"content": "Writing.", "tool_calls": [{"name": "bash", "arguments": {"command": WRITE_APP}}]}
    lines = [*_planner_and_reviewer_lines(task.prompt), write, *[CAGENT_FINISH] * 3]
    script = tmp_path / "cagent.jsonl"
    script.write_text("".join(json.dumps(line) + "\n" for line in lines))
    spec = _spec(tmp_path, "cagent", None)
    with FakeLLMServer(load_fake_script(script), log=tmp_path / "requests.jsonl") as server:
        spec.settings.api_base = server.base_url
        spec.planned = spec.planned.model_copy(update={"mitigations": Mitigations()})
        document = execute_run(spec)
    assert document["status"] == "done" and document["mitigations"] == Mitigations().model_dump()
    scaffold = document["scaffold"]
    assert (scaffold["status"], scaffold["raw_status"], scaffold["steps"]) == ("submitted", "submitted_unverified", 4)
    assert "app/schema.sql" in scaffold["diff_files"] and "app.py" in scaffold["diff_files"]  # skeleton + agent
    asked = [
        (r["conversation"], r["turn"]) for r in map(json.loads, (tmp_path / "requests.jsonl").read_text().splitlines())
    ]
    assert asked.count(("You review a generated REST backend", 1)) == 3 and asked.count(("", 4)) == 1
    assert all(r[1] == 1 for r in asked if r[0])  # each planner and reviewer call is a fresh conversation
    report = json.loads(Path(scaffold["trajectory"]).read_text())["mitigations_report"]
    assert report["plan"]["refinement"] == "refined" and report["plan"]["planner"]["calls"] == 1
    assert report["schema"]["rendered"] is True and report["retrieval"]["cards"]
    verifier = report["verifier"]
    assert (verifier["submit_rounds"], verifier["passed"]) == (3, False)
    failing = " ".join(verifier["still_failing"])
    assert "the task requires flask" in failing and "POST /api/users" in failing and "501" in failing
    assert document["evaluation"]["startup"]["ok"] is True


def test_none_scaffold_reference_and_empty(tmp_path: Path) -> None:
    full = execute_run(_spec(tmp_path / "ref", "none", None, model="-"))
    assert full["summary"]["pass"] is True and full["summary"]["a_pct"] == 100.0
    assert (
        full["scaffold"]["raw_status"] == "flask-clean-sqlalchemy"
        and "app/routes/articles.py" in full["scaffold"]["diff_files"]
    )
    empty = execute_run(_spec(tmp_path / "empty", "none,reference=empty", None, model="-"))
    assert empty["status"] == "done" and empty["summary"]["a_pct"] == 0.0
    assert empty["summary"]["failure"] == "server_startup_failure" and empty["scaffold"]["diff_files"] == []


def test_a_missing_scaffold_is_an_infra_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAGENT_CACHE_DIR", str(tmp_path / "empty-cache"))
    document = execute_run(_spec(tmp_path, "mini-swe-agent", "http://127.0.0.1:9/v1"))
    assert document["status"] == "infra_error" and "cagent scaffolds install mini-swe-agent" in document["infra_reason"]
    assert document["evaluation"] is None


@pytest.mark.skipif(
    installed(OPENHANDS) is None, reason="openhands is not installed: cagent scaffolds install openhands"
)
def test_openhands_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SHELL", raising=False)  # as under CI: its terminal (tmux) must still get a real shell
    path = write_fake_script(tmp_path / "oh.jsonl", OPENHANDS_FINISH, **OPENHANDS_SHELL)
    with FakeLLMServer(load_fake_script(path)) as server:
        document = execute_run(_spec(tmp_path, "openhands", server.base_url))
    _check_scored(document)
    scaffold = document["scaffold"]
    assert scaffold["raw_status"] == "finished" and scaffold["steps"] == 2 and scaffold["version"] == "1.16.0"
    assert (scaffold["prompt_tokens"], scaffold["completion_tokens"]) == (2200, 60)


def test_cagent_on_an_imported_task_verifies_it_its_own_way(tmp_path: Path) -> None:
    meta = {"runCmds": ["npm run develop"], "setupCmds": ["npm install"], "port": 3000, "baseUrl": "/v1/api",
            "healthcheckEndpoint": "/v1/api/ping"}  # fmt: skip
    document = {"name": "express-openapi-sqlite", "prompt": "Build it.", "dockerFolder": "node", "repoMetadata": meta}
    (tmp_path / "task.json").write_text(json.dumps(document))
    request = ScaffoldRequest(task=load_task_file(tmp_path / "task.json"), run_dir=tmp_path / "run", model="m")
    start = TaskStart.model_validate(plan_for(request).mitigation_options["task_start"])
    assert start == TaskStart(run_cmds=["npm run develop"], setup_cmds=["npm install"], port=3000,
                              health_path="/v1/api/ping", api_base="/v1/api")  # fmt: skip
