"""Failure classifier: each rule family on small records, the three loaders, agreement, judge, CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from evals.classify import FailureRecord, RecordFormatError, agreement, classify, load_records, records_from_json
from evals.classify.judge import JudgeError, JudgeUnavailable, judge
from evals.classify.rules.trajectory import trajectory_facts
from evals.results import AssertionOutcome, EvalResult, RequestOutcome, StartupInfo, SuiteResult
from evals.shared_material import shared_dir
from evals.suites.postman_v1.requests import REQUESTS
from planners.compliance.report import ComplianceReport
from planners.compliance.verdict import Verdict, Violation
from planners.constraints import ConstraintSet

PROJECT = Path(__file__).resolve().parent.parent
DATASET = shared_dir() / "datasets" / "constraint-decay-judge-validation.json"
CLI = [sys.executable, "-c", "import evals.cli_classify; from evals.cli import main; main()", "classify"]


def record(summary: str = "", log: str = "", **fields: Any) -> FailureRecord:
    """A record in the judge-validation format: newman lines `Name METHOD → status: n failed`."""
    return records_from_json({"id": "r", "newman_summary": summary, "server_log": log, **fields})[0]


def verdict_of(summary: str = "", log: str = "", **fields: Any) -> tuple[str, str | None, str]:
    v = classify(record(summary, log, **fields))
    assert v.evidence, "every verdict carries evidence"
    return v.category, v.subcategory, v.rule


# Every scripted request of the collection without a response: nothing passed.
ALL_DOWN = "\n".join(f"{spec.name} {spec.method} → : 5 failed" for spec in REQUESTS if spec.script is not None)


# --- coarse categories ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("log", "rule"),
    [
        ('  File "/repo/app.py", line 3\nSyntaxError: invalid syntax', "startup.syntax_error"),
        ("Error: listen EADDRINUSE: address already in use :::3000", "startup.port_in_use"),
        ("ModuleNotFoundError: No module named 'jwt'", "startup.missing_module"),
        ("Server listening on http://127.0.0.1:3000", "startup.loopback_bind"),
        ("", "startup.unreachable"),
    ],
)
def test_no_response_at_all_is_a_startup_failure(log: str, rule: str) -> None:
    assert verdict_of(ALL_DOWN, log) == ("server_startup_failure", None, rule)


def test_the_never_ran_summary_is_a_startup_failure() -> None:
    category, _, _ = verdict_of("No Newman CSV found — server likely never started", "./run.sh: not found")
    assert category == "server_startup_failure"


def test_a_server_that_came_up_and_died_on_the_first_request_is_a_logic_error() -> None:
    log = "Server listening on port 3000\nSequelizeEagerLoadingError: Tag is not associated to Article!"
    assert verdict_of(ALL_DOWN, log)[:2] == ("logic_error", "database_runtime_error")


def test_non_compliance_is_the_category_only_when_behaviour_passed() -> None:
    violation = {"file": "db.js", "line": 3, "reason": "sqlite"}
    broken = [{"kind": "database", "compliant": False, "violations": [violation]}]
    tags = {"name": "All Tags", "method": "GET"}
    ok = FailureRecord(requests=[{**tags, "status": 200, "passed": 3}], compliance=broken)
    assert classify(ok).category == "constraint_violation"
    failing = FailureRecord(requests=[{**tags, "status": 500, "failed": 3}], compliance=broken)
    verdict = classify(failing)
    assert verdict.category == "logic_error" and "also non-compliant: database" in verdict.evidence


COMMENT_REQUESTS = ("Create Comment for Article POST", "All Comments for Article GET")
COMMENTS_MISSING = "\n".join(
    f"{n} → 404: 6 failed" for n in (*COMMENT_REQUESTS, "All Comments for Article without login GET")
)
MOSTLY_MISSING = "\n".join(
    f"{n} → 404: 5 failed"
    for n in ("All Articles GET", "Articles by Author GET", "Articles Favorited by Username GET", "Articles by Tag GET",
              "Create Article POST", "Feed GET", "Profile GET", "Follow Profile POST", "Unfollow Profile DELETE",
              "All Tags GET", "Current User GET", "Update User PUT")
)  # fmt: skip
LOOP = "\n\n".join("[assistant]\n```bash\ncat src/app.js\n```\n\n[user]\n<returncode>0</returncode>" for _ in range(8))


def test_missing_route_groups() -> None:
    assert verdict_of(COMMENTS_MISSING)[0] == "incomplete_implementation"
    assert verdict_of(MOSTLY_MISSING)[0] == "premature_termination"
    assert verdict_of(MOSTLY_MISSING, trajectory=LOOP)[0] == "stuck_in_loop"


def test_a_loop_next_to_a_working_api_is_not_the_category() -> None:
    summary = "Current User GET → 401: 5 failed\nUpdate User PUT → 401: 5 failed"
    assert verdict_of(summary, trajectory=LOOP)[:2] == ("logic_error", "auth_misconfiguration")


def test_trajectory_loop_and_submission() -> None:
    facts = trajectory_facts(record(trajectory=LOOP))
    assert facts.looping and facts.loop_repeats == 8 and facts.submitted is False
    done = record(trajectory="[assistant]\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n```\n\n[user]\n")
    assert trajectory_facts(done).submitted is True and not trajectory_facts(done).looping


def test_shape_only_failures_are_a_schema_error() -> None:
    checks = ['User has "bio" property', 'User has "image" property']
    requests = [{"name": n, "method": m, "status": 200, "failed": 2, "failed_checks": checks}
                for n, m in (("Current User", "GET"), ("Update User", "PUT"), ("Login", "POST"))]  # fmt: skip
    assert classify(FailureRecord(requests=requests, total_requests=30)).category == "schema_format_error"


# --- logic root causes ---------------------------------------------------------------------------


def _tb(file: str, func: str, code: str, error: str) -> str:
    """A Python traceback tail as servers print it."""
    return f'  File "{file}", line 9, in {func}\n    {code}\n{error}'


LOGIC_CASES: list[tuple[str, str, tuple[str, str]]] = [
    # log signatures
    ("All Articles GET → 500: 5 failed", "sqlalchemy.orm.exc.DetachedInstanceError: Parent instance <User>",
     ("database_runtime_error", "db.detached_instance")),
    ("Feed GET → 500: 5 failed", "sqlalchemy.exc.MissingGreenlet: greenlet_spawn has not been called",
     ("database_runtime_error", "db.missing_greenlet")),
    ("All Tags GET → 500: 3 failed", 'psycopg.errors.UndefinedTable: relation "tags" does not exist',
     ("database_runtime_error", "db.missing_table")),
    ("Articles by Tag GET → 500: 5 failed", "sqlite3.OperationalError: no such column: tags.name",
     ("incorrect_query_logic", "query.unknown_column")),
    ("Articles by Tag GET → 500: 5 failed", "NotSupportedError: contains lookup is not supported on this backend",
     ("incorrect_query_logic", "query.dialect_operator")),
    ("Favorite Article POST → 400: 15 failed", "FastifyError: Body cannot be empty when content-type is set",
     ("framework_idiosyncrasy", "framework.empty_json_body")),
    ("Login POST → 500: 6 failed", "RuntimeError: You called this URL via POST, but the URL doesn't end in a slash",
     ("framework_idiosyncrasy", "framework.append_slash")),
    ("Favorite Article POST → 500: 15 failed", "JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
     ("framework_idiosyncrasy", "framework.empty_json_body")),
    ("Current User GET → 500: 5 failed", "jwt.exceptions.InvalidSubjectError: Subject must be a string",
     ("auth_misconfiguration", "auth.jwt_subject")),
    # request patterns
    ("Current User GET → 401: 5 failed\nCreate Article POST → 401: 13 failed\nFeed GET → 401: 5 failed", "",
     ("auth_misconfiguration", "auth.rejected_after_login")),
    ("All Articles GET → 401: 5 failed\nAll Tags GET → 401: 3 failed", "",
     ("auth_misconfiguration", "auth.public_route_protected")),
    ("Favorite Article POST → 400: 15 failed\nArticles Favorited by Username GET → 200: 12 failed", "",
     ("framework_idiosyncrasy", "framework.empty_json_body")),
    ("Single Article by slug GET → 405: 13 failed", "", ("framework_idiosyncrasy", "framework.method_routing")),
    ("Feed GET → 404: 5 failed", "", ("framework_idiosyncrasy", "framework.route_order")),
    ("Articles by Author GET → 422: 5 failed\nArticles by Tag GET → 422: 5 failed", "",
     ("incorrect_query_logic", "query.filtered_lists")),
    ("Create Article POST → 200: 13 failed\nSingle Article by slug GET → 422: 13 failed\n"
     "Update Article PUT → 422: 13 failed", '"GET /api/articles/null HTTP/1.1" 422',
     ("state_propagation_failure", "state.identifier_not_returned")),
    # the app's own exceptions, placed by module
    ("All Articles GET → 500: 5 failed",
     _tb("/repository/src/repositories/articles.py", "list_all", "q = Article.query", "NameError: name 'Article'"),
     ("database_runtime_error", "db.data_layer_exception")),
    ("Profile GET → 500: 6 failed",
     _tb("/repository/app.py", "get_profile", "return user.to_dict()", "AttributeError: 'User' has no 'to_dict'"),
     ("business_logic_defect", "business.app_exception")),
    ("Profile GET → 500: 6 failed",
     _tb("/repository/app.py", "get_profile", 'viewer["name"]', "TypeError: 'coroutine' object is not subscriptable"),
     ("auth_misconfiguration", "auth.unawaited_current_user")),
    # what the responses show
    ("Favorite Article POST → 200: 1 failed", "", ("state_propagation_failure", "state.relation_not_persisted")),
    ("All Comments for Article GET → 200: 5 failed", "", ("incorrect_query_logic", "query.reads_miss_data")),
    ("Current User GET → 200: 5 failed", "", ("business_logic_defect", "business.spec_mismatch")),
]  # fmt: skip


@pytest.mark.parametrize(("summary", "log", "expected"), LOGIC_CASES)
def test_logic_root_causes(summary: str, log: str, expected: tuple[str, str]) -> None:
    assert verdict_of(summary, log) == ("logic_error", *expected)


def test_fastapi_rejecting_wrapped_bodies_is_a_framework_default() -> None:
    summary = "Register POST → 422: 6 failed\nLogin POST → 422: 6 failed\nCurrent User GET → 401: 5 failed"
    fastapi = verdict_of(summary, task_description="Framework: fastapi, Runtime: uv, Constraints: postgres")
    assert fastapi == ("logic_error", "framework_idiosyncrasy", "framework.body_not_embedded")
    assert verdict_of(summary, task_description="Framework: express, Runtime: node")[1] == "business_logic_defect"


def test_a_failed_producer_takes_the_blame_for_its_consumers() -> None:
    """Create Article 401 sends `/articles/null` afterwards: that is the auth failure, not a lost slug."""
    summary = "Current User GET → 401: 5 failed\nCreate Article POST → 401: 13 failed\n"
    summary += "Single Article by slug GET → 404: 13 failed"
    assert verdict_of(summary, '"GET /api/articles/null HTTP/1.1" 404')[1] == "auth_misconfiguration"


def test_a_precise_log_signature_beats_request_patterns() -> None:
    summary = "Favorite Article POST → 401: 15 failed\nArticles by Tag GET → 500: 17 failed"
    log = "SequelizeDatabaseError: SQLITE_ERROR: no such column: Article.tagList"
    assert verdict_of(summary, log)[1] == "incorrect_query_logic"


# --- loaders ---------------------------------------------------------------------------------------


def test_bad_input_is_one_line() -> None:
    with pytest.raises(RecordFormatError, match="unrecognised format"):
        records_from_json([{"foo": 1}])
    with pytest.raises(RecordFormatError, match="empty list"):
        records_from_json([])


def test_own_format_round_trips(tmp_path: Path) -> None:
    original = FailureRecord(id="x", requests=[{"name": "Feed", "method": "GET", "status": 404, "failed": 5}],
                             trajectory=["[assistant] done"], total_requests=30)  # fmt: skip
    path = tmp_path / "one.json"
    path.write_text(original.model_dump_json())
    assert load_records(path) == [original]


def eval_document(create_status: int, slug: str, started: bool = True) -> dict[str, Any]:
    def outcome(i: int, name: str, method: str, path: str, status: int, failed: int) -> RequestOutcome:
        checks = [AssertionOutcome(name=f"check {k}", passed=k >= failed) for k in range(max(failed, 1) + 1)]
        return RequestOutcome(index=i, name=name, method=method, path=path, status=status, assertions=checks)

    requests = [
        outcome(1, "Register", "POST", "/api/users", 201, 0),
        outcome(2, "Login", "POST", "/api/users/login", 200, 0),
        outcome(3, "Create Article", "POST", "/api/articles", create_status, 2),
        outcome(4, "Single Article by slug", "GET", f"/api/articles/{slug}", 404, 5),
        outcome(5, "Favorite Article", "POST", f"/api/articles/{slug}/favorite", 404, 5),
    ]
    result = EvalResult(
        workspace="/tmp/ws",
        database="sqlite",
        suites=[SuiteResult(suite="postman-v1", requests=requests)],
        startup=StartupInfo(ok=started, reason=None if started else "exited"),
        server_log_tail="" if started else "SyntaxError: Unexpected token",
    )
    return result.model_dump(mode="json", by_alias=True)


def test_eval_result_documents_are_read_with_paths_and_checks() -> None:
    [rec] = records_from_json(eval_document(201, "null"))
    assert rec.server_started is True and rec.total_requests == 5
    assert rec.requests[3].path == "/api/articles/null" and rec.requests[3].failed_checks
    assert classify(rec).subcategory == "state_propagation_failure"
    assert classify(records_from_json(eval_document(401, "null"))[0]).subcategory != "state_propagation_failure"
    assert classify(records_from_json(eval_document(201, "x", started=False))[0]).category == "server_startup_failure"


def test_eval_result_compliance_report_is_read() -> None:
    document = eval_document(201, "x")
    for request in document["suites"][0]["requests"]:
        request["status"], request["assertions"] = 200, [{"name": "ok", "passed": True}]
    layering = Verdict(kind="architecture", value="clean", compliant=False, violations=[Violation(reason="upward")])
    constraints = ConstraintSet(framework="flask", architecture="clean")
    report = ComplianceReport(workspace="/tmp/ws", constraints=constraints, verdicts=[layering])
    document["compliance"] = report.model_dump(mode="json")
    [rec] = records_from_json(document)
    assert rec.task.framework == "flask" and rec.task.constraints == ["architecture=clean"]
    assert classify(rec).category == "constraint_violation"


def test_dataset_loader_on_the_real_file() -> None:
    if not DATASET.is_file():
        pytest.skip(f"judge-validation dataset absent: {DATASET}")
    records = load_records(DATASET)
    assert len(records) == 50
    first = records[0]
    assert first.task.framework and first.requests and first.trajectory and first.labels is not None
    assert all(r.method and r.failed > 0 for rec in records for r in rec.requests)
    assert {t.role for t in first.trajectory} <= {"assistant", "user"}


def test_agreement_on_the_real_file() -> None:
    if not DATASET.is_file():
        pytest.skip(f"judge-validation dataset absent: {DATASET}")
    records = load_records(DATASET)
    result = agreement([(r.labels, classify(r)) for r in records])
    assert result.n == 50 and result.coarse_accuracy >= 0.85


# --- LLM judge -------------------------------------------------------------------------------------


def test_judge_answer_is_validated() -> None:
    rec = record("Current User GET → 401: 5 failed")
    answer = '{"category": "logic_error", "subcategory": "auth_misconfiguration", "rationale": "401 after login"}'
    verdict = judge(rec, "gpt-4o-mini", extra={"mock_response": answer})
    assert (verdict.category, verdict.subcategory) == ("logic_error", "auth_misconfiguration")
    assert verdict.rule == "judge:gpt-4o-mini" and verdict.evidence == ["401 after login"]
    with pytest.raises(JudgeError, match="not a valid classification"):
        judge(rec, "gpt-4o-mini", extra={"mock_response": '{"category": "cosmic_rays"}'})


def test_judge_without_a_key_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(JudgeUnavailable, match="OPENAI_API_KEY"):
        judge(record("Feed GET → 404: 5 failed"), "gpt-4o-mini")


# --- command line ----------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=120, cwd=PROJECT, env=env)


def test_cli_classifies_and_writes_json(tmp_path: Path) -> None:
    source = tmp_path / "records.json"
    raw = {"id": "a", "newman_summary": "Feed GET → 404: 5 failed", "human_subcategory": "framework_idiosyncrasy"}
    source.write_text(json.dumps([raw]))
    out = tmp_path / "out.json"
    done = run_cli(str(source), "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert "framework" in done.stdout and "agreement" in done.stdout
    [row] = json.loads(out.read_text())
    assert row["classification"]["subcategory"] == "framework_idiosyncrasy"


@pytest.mark.parametrize(
    ("content", "extra", "fragment"),
    [(None, (), "no such file"), ("{not json", (), "not JSON"), ('{"foo": 1}', (), "unrecognised format"),
     ('{"newman_summary": "Feed GET → 404: 5 failed"}', ("--judge", "gpt-4o-mini"), "OPENAI_API_KEY")],
)  # fmt: skip
def test_cli_bad_input_exits_2_with_one_line(
    tmp_path: Path, content: str | None, extra: tuple[str, ...], fragment: str
) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_text(content)
    done = run_cli(str(path), *extra)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0] and "Traceback" not in done.stderr


# --- faults the harness saw ------------------------------------------------------------------------


def with_fault(rec: FailureRecord, fault: str, detail: str) -> FailureRecord:
    return rec.model_copy(update={"fault": fault, "fault_detail": detail})


@pytest.mark.parametrize(
    ("fault", "category"),
    [
        ("server_crash", "server_crash"),
        ("timeout", "timeout"),
        ("limit:memory", "resource_limit"),
        ("limit:processes", "resource_limit"),
        ("limit:wall", "resource_limit"),
        ("infra", "harness_fault"),
        ("interrupted", "harness_fault"),
    ],
)
def test_a_fault_the_harness_saw_is_the_category(fault: str, category: str) -> None:
    """The same evidence a logic error or a start-up failure would be read from, with the harness's fault."""
    log = "Server listening on port 3000\nSequelizeEagerLoadingError: Tag is not associated to Article!"
    verdict = classify(with_fault(record(ALL_DOWN, log), fault, "seen by the harness"))
    assert (verdict.category, verdict.subcategory) == (category, None)
    assert verdict.rule == "fault." + fault.replace(":", ".")
    assert verdict.evidence[0] == f"harness: {fault}: seen by the harness"
    assert classify(record(ALL_DOWN, log)).category == "logic_error", "without a fault, the usual rules"


def test_a_crash_names_the_last_exception_of_the_log() -> None:
    log = (
        "Traceback (most recent call last):\n  File \"/app/routes/articles.py\", line 9, in favorite\nKeyError: 'slug'"
    )
    verdict = classify(with_fault(record(ALL_DOWN, log), "server_crash", "refused from request 16"))
    assert verdict.category == "server_crash"
    assert any(line.startswith("last exception: KeyError") for line in verdict.evidence), verdict.evidence


def test_a_limit_broken_during_start_up_is_a_resource_limit_not_a_startup_failure() -> None:
    document = eval_document(201, "x", started=False)
    document |= {"limit_violation": "memory limit exceeded: 3000 MiB > 2048 MiB", "fault": "limit:memory"}
    document["fault_detail"] = document["limit_violation"]
    [rec] = records_from_json(document)
    assert rec.fault == "limit:memory"
    assert classify(rec).category == "resource_limit"
