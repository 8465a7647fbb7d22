"""The verifier's static parts: run.sh rules, the compliance gate, contract validation, the reviewer
sub-agent driven by a scripted model, and `cagent verify`'s bad input."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from agent.models.scripted import ScriptedModel
from agent.verifier.compliance_gate import check_compliance
from agent.verifier.contract import Contract, sorted_clause_violations
from agent.verifier.run_script import check_run_script
from agent.verifier.verifier import Verifier, VerifierSetup
from agent.verifier_review import review
from planners.constraints import ConstraintSet, Obligation
from planners.contracts import load_contract
from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.agent_scripts import call, turn, write_script
from tests.reference_mutants import make_mutant

FLASK_PG = ConstraintSet(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")


def _run_sh(tmp_path: Path, text: str, executable: bool = True) -> Path:
    path = tmp_path / "run.sh"
    path.write_text(text)
    path.chmod(0o755 if executable else 0o644)
    return tmp_path


@pytest.mark.parametrize(
    ("script", "line", "message"),
    [
        ("#!/bin/sh\npip install -r requirements.txt\nexec python app.py\n", 2, "installs packages"),
        ("#!/bin/sh\nnpm ci && node server.js\n", 2, "installs packages"),
        ("#!/bin/sh\npython app.py &\necho started\n", 2, "background"),
        ("#!/bin/sh\nnohup node index.js > log 2>&1\n", 2, "background"),
        ("#!/bin/sh\ngunicorn --daemon app:app\n", 2, "background"),
    ],
)
def test_run_sh_that_installs_or_detaches_is_refused_at_its_line(tmp_path: Path, script, line, message) -> None:
    result = check_run_script(_run_sh(tmp_path, script))
    assert result.status == "failed"
    assert [(f.file, f.line) for f in result.findings] == [("run.sh", line)]
    assert message in result.findings[0].message and result.findings[0].evidence


def test_run_sh_in_the_foreground_passes_and_missing_or_unexecutable_fails(tmp_path: Path) -> None:
    good = "#!/bin/sh\nset -e\n# pip install is done by the harness\ncd app && exec node server.js  # foreground\n"
    assert check_run_script(_run_sh(tmp_path, good)).status == "passed"
    assert check_run_script(_run_sh(tmp_path, "#!/bin/sh\nexec true && wait\n")).status == "passed"
    assert "not executable" in check_run_script(_run_sh(tmp_path, good, executable=False)).findings[0].message
    assert not (tmp_path / "run.sh").stat().st_mode & stat.S_IXUSR
    (tmp_path / "run.sh").unlink()
    assert "run.sh is missing" in check_run_script(tmp_path).findings[0].message


def test_compliance_findings_locate_the_line_and_name_the_plan_obligation(tmp_path: Path) -> None:
    workspace = make_mutant("sqlite_fallback", tmp_path)
    obligation = Obligation(
        id="database.postgresql.no-sqlite", text="Use no SQLite connection or fallback", kind="database", topic="driver"
    )
    result = check_compliance(workspace, FLASK_PG, [obligation])
    [finding] = result.findings
    assert (finding.file, finding.line) == ("app/config.py", 30)
    assert 'database_url = "sqlite:///local.db"' in finding.evidence
    assert "database.postgresql.no-sqlite" in finding.message
    plan = type("Plan", (), {"obligations": [obligation]})()
    setup = VerifierSetup(constraints=FLASK_PG, contract=None, provider=None, plan=plan, run_app=False)
    report = Verifier(workspace, setup).verify()
    assert [g.gate for g in report.gates] == ["compliance", "plan", "run-script", "leftover-server"]
    assert report.gate("plan").status == "failed" and report.gate("compliance").status == "passed"


def test_contract_validation_names_missing_null_keys_wrong_types_and_unsorted_lists() -> None:
    contract = Contract(load_contract("conduit"))
    op = next(op for op in contract.operations if op.operation.operation_id == "CreateArticle")
    pointer = contract.response_schema_pointer(op, 201)
    article = {
        "slug": "a", "title": "A", "description": "d", "body": "b", "tagList": ["b", "a"],
        "createdAt": "2026-03-01T12:34:56.789Z", "updatedAt": "2026-03-01T12:34:56Z", "favorited": "false",
        "favoritesCount": "0", "author": {"username": "jake", "image": None, "following": False},
    }  # fmt: skip
    errors = " | ".join(contract.validation_errors(pointer, {"article": article}))
    assert "article.author: 'bio' is a required property" in errors
    assert "article.favoritesCount: '0' is not of type 'integer'" in errors
    assert "article.favorited: 'false' is not of type 'boolean'" in errors
    assert "article.updatedAt" in errors  # no fractional seconds
    assert sorted_clause_violations(contract, pointer, {"article": article}) == [
        "article.tagList: ['b', 'a'] is not sorted"
    ]
    assert contract.response_schema_pointer(next(o for o in contract.operations if o.method == "DELETE"), 204) is None


def test_reviewer_keeps_located_findings_and_drops_the_rest(tmp_path: Path) -> None:
    workspace = make_mutant("feed_wrong_join", tmp_path)
    report = call(
        "report_findings",
        {
            "findings": [
                {"file": "app/repositories/articles.py", "line": "40", "reason": "the feed joins the wrong side"},
                {"file": "", "reason": "something is off somewhere"},
                {"file": "app/routes/nowhere.py", "reason": "a file that does not exist"},
                {"file": "../../etc/passwd", "reason": "outside the workspace"},
                {"file": "app/routes/tags.py", "reason": ""},
            ]
        },
    )
    script = [
        turn(call("search", {"command": "grep", "pattern": "follower_id", "path": "app"})),
        turn(call("view", {"path": "app/repositories/articles.py", "view_range": [1, 20]})),
        turn(call("editor", {"command": "create", "path": "x.py", "file_text": "x"})),  # not one of its tools
        turn(report),
    ]
    model = ScriptedModel(write_script(tmp_path / "review.jsonl", script))
    outcome = review(workspace, model, FLASK_PG, trajectory_path=tmp_path / "review.json")
    assert outcome.status == "submitted" and outcome.dropped == 4
    [finding] = outcome.findings
    assert (finding.gate, finding.file, finding.line) == ("review", "app/repositories/articles.py", 40)
    assert not (workspace / "x.py").exists()
    seen = model.requests[1][-1]["content"]
    assert "app/repositories/articles.py" in seen and "follower_id" in seen
    assert "Constraints: flask (Python), architecture clean" in model.requests[0][1]["content"]


def test_cagent_verify_bad_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    assert_one_line_error(cagent("verify", str(tmp_path / "nope"), "--framework", "flask"), "no such directory")
    assert_one_line_error(
        cagent("verify", str(tmp_path), "--framework", "flask", "--contract", str(tmp_path / "x.yaml")),
        "cannot read contract",
    )
