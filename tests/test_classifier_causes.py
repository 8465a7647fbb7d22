"""The classifier finds causes: an early traceback survives a long log and is tied to its request, a
request without assertions vetoes no "route group missing" verdict, and a read that shows what a wrong
write did is that write's consequence."""

from __future__ import annotations

from pathlib import Path

from evals.classify import FailureRecord, classify
from evals.classify.rules.cascade import analyse
from evals.exception_log import RequestWindow, tie
from evals.runner import EvalOptions, evaluate
from evals.suites.hurl_v2.templating import UndefinedVariable
from evals.suites.registry import load_suite
from tools.apps import AppLimits

# A real sqlite3 IntegrityError on registration (the user exists already), then a flood of output on
# every later request, so the stored tail no longer holds the traceback.
DUPLICATE_REGISTRATION = """
import http.server, json, os, sqlite3, sys, traceback

db = sqlite3.connect(":memory:", check_same_thread=False)
db.execute("CREATE TABLE users (username TEXT UNIQUE)")
db.execute("INSERT INTO users VALUES ('jake')")


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        return None  # quiet: the test reads the responses, not the request log

    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.command == "POST" and self.path == "/api/users":
            try:
                db.execute("INSERT INTO users VALUES ('jake')")
            except sqlite3.IntegrityError:
                traceback.print_exc()
                sys.stderr.flush()
                return self.answer(500, {"error": "internal"})
        for _ in range(4):
            print(f"debug {self.command} {self.path} " + "x" * 300, flush=True)
        self.answer(200, {})

    do_GET = do_POST = do_PUT = do_DELETE = handle_any


http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
"""


def test_an_early_traceback_is_kept_tied_to_its_request_and_decides(tmp_path: Path) -> None:
    workspace = tmp_path / "app"
    workspace.mkdir()
    (workspace / "app.py").write_text(DUPLICATE_REGISTRATION)
    (workspace / "run.sh").write_text("exec python app.py\n")
    result = evaluate(workspace, [load_suite("postman-v1")], None, EvalOptions(limits=AppLimits(stop_grace_s=1.0)))
    assert result.startup.ok, result.startup
    assert "IntegrityError" not in result.server_log_tail, "the tail alone has lost the traceback"
    # Both registrations of the collection (the user, then the celebrity) raised; each is tied to its own.
    assert [e.request for e in result.server_exceptions] == [
        "Register POST /api/users",
        "Register Celeb POST /api/users",
    ]
    assert all(e.suite == "postman-v1" for e in result.server_exceptions)
    assert "sqlite3.IntegrityError: UNIQUE constraint failed: users.username" in result.server_exceptions[0].text
    assert result.failure is not None
    assert (result.failure.subcategory, result.failure.rule) == ("database_runtime_error", "db.integrity")
    assert "raised during Register POST /api/users" in result.failure.evidence


def test_exceptions_are_tied_by_time_and_order() -> None:
    windows = [RequestWindow("s", 1, "Register", 10.0, 10.5), RequestWindow("s", 2, "Login", 11.0, 11.2)]
    tied = tie([(9.0, "boot"), (10.2, "during"), (10.7, "late"), (11.1, "login"), (30.0, "after")], windows)
    assert [(t.text, t.request, t.seconds) for t in tied] == [
        ("boot", None, -1.0),
        ("during", "Register", 0.2),
        ("late", "Register", 0.7),  # printed after its answer, before the next request
        ("login", "Login", 1.1),
        ("after", "Login", 20.0),
    ]
    # Read while Login ran, but Register had just answered 500: the harness reads output late; it is Register's.
    failed = [RequestWindow("s", 1, "Register", 10.0, 10.5, server_error=True), windows[1]]
    assert [t.request for t in tie([(11.1, "late read"), (14.0, "much later")], failed)] == ["Register", "Login"]


def _req(name: str, method: str, path: str, status: int, passed: int, failed: int, **extra: object) -> dict:
    return {"name": name, "method": method, "path": path, "status": status, "passed": passed, "failed": failed,
            **extra}  # fmt: skip


BASE = [
    _req("Register", "POST", "/api/users", 201, 5, 0),
    _req("Login", "POST", "/api/users/login", 200, 5, 0),
    _req("Create Article", "POST", "/api/articles", 201, 8, 0),
]


def test_a_request_without_assertions_does_not_veto_a_missing_group() -> None:
    comments = [
        _req("Create Comment", "POST", "/api/articles/a/comments", 404, 0, 6),
        _req("All Comments", "GET", "/api/articles/a/comments", 404, 0, 5),
        # A request the suite sends without checking anything: it "passes" whatever happens.
        _req("Delete Comment", "DELETE", "/api/articles/a/comments/1", 404, 0, 0),
    ]
    verdict = classify(FailureRecord(requests=[*BASE, *comments], total_requests=6))
    assert (verdict.category, verdict.rule) == ("incomplete_implementation", "features.route_groups_missing")


def test_a_read_showing_a_wrong_write_is_its_consequence() -> None:
    """Another user's delete answered 204 where 403 was due; the list then misses the comment."""
    requests = [
        *BASE,
        _req("Create Comment", "POST", "/api/articles/a/comments", 200, 6, 0),
        _req(
            "Delete Comment as another user",
            "DELETE",
            "/api/articles/a/comments/1",
            204,
            0,
            1,
            failed_checks=["Status code is 403"],
        ),
        _req(
            "Comment still there",
            "GET",
            "/api/articles/a/comments",
            200,
            1,
            1,
            failed_checks=["the comment is still listed"],
        ),
    ]
    record = FailureRecord(requests=requests, total_requests=6)
    analysis = analyse(record)
    assert [r.result.name for r in analysis.roots()] == ["Delete Comment as another user"]
    assert analysis.cascade[5][0] == 4
    verdict = classify(record)
    assert (verdict.subcategory, verdict.rule) == ("auth_misconfiguration", "auth.owner_not_checked")


def _unsent(name: str, method: str, path: str, variable: str, checks: int) -> dict:
    """An entry hurl-v2 did not send: its path needs a variable no earlier answer gave."""
    reason = f"not sent: {UndefinedVariable(variable)}"
    return {"name": name, "method": method, "path": path, "status": None, "passed": 0, "failed": checks,
            "error": reason, "messages": [reason]}  # fmt: skip


def test_entries_never_sent_are_consequences_never_root_causes() -> None:
    """Login answered 200 without a token (the capture failed): every entry that sends `Token {{token}}`
    is not sent, the last ones of the file too; none of them is a cause, and the server did not crash."""
    requests = [
        BASE[0],
        _req("Login", "POST", "/api/users/login", 200, 4, 1, failed_checks=["capture token"]),
        _unsent("Current User", "GET", "/api/user", "token", 5),
        _unsent("Create Article", "POST", "/api/articles", "token", 8),
        _req("All Tags", "GET", "/api/tags", 200, 3, 0),
        _unsent("Feed", "GET", "/api/articles/feed", "token", 4),
        _unsent("Update User", "PUT", "/api/user", "token", 6),
    ]
    record = FailureRecord(requests=requests, total_requests=len(requests))
    analysis = analyse(record)
    assert [r.result.name for r in analysis.roots()] == ["Login"]
    assert analysis.crash_at is None
    assert {i: origin for i, (origin, _) in analysis.cascade.items()} == {2: 1, 3: 1, 5: 1, 6: 1}
    assert analysis.weight(analysis.roots()) == analysis.failed_total
    verdict = classify(record)
    assert verdict.rule is not None and not verdict.rule.startswith(("fault.", "startup.", "crash"))
    assert any("Login" in e for e in verdict.evidence) and not any("not sent" in e for e in verdict.evidence)


def test_an_unsent_entry_without_a_failed_producer_still_is_no_root() -> None:
    requests = [*BASE, _unsent("Update Comment", "PUT", "/api/comments/{{comment_id}}", "comment_id", 2)]
    analysis = analyse(FailureRecord(requests=requests, total_requests=4))
    assert analysis.roots() == [] and analysis.crash_at is None
