"""The Python port of the RealWorld Hurl suite: its declared size, its evaluator, and real HTTP runs."""

from __future__ import annotations

import json
import re
import socket
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from importlib.util import find_spec
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest

if find_spec("evals") is None:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evals.results import RequestOutcome
from evals.suites.hurl_v2 import FILES, SUITE, HurlV2Suite
from evals.suites.hurl_v2.dsl import absent, count_eq, eq, get, has, not_empty, post
from evals.suites.hurl_v2.jsonpath import MISSING, JsonPathError, parse, query
from evals.suites.hurl_v2.model import SuiteFile, Var
from evals.suites.hurl_v2.predicates import evaluate, json_equal
from evals.suites.hurl_v2.runner import check_name, new_uid
from evals.suites.hurl_v2.templating import (
    UndefinedVariable,
    UnrenderableVariable,
    render,
    render_json,
    resolve_expected,
    variables_in,
)
from tests.quiet_handler import QuietHandler

UID = "t3st9uid"

# Requests / explicit jsonpath asserts per official file (conduit-suites.md, section 1).
PER_FILE = {
    "articles": (17, 126),
    "auth": (20, 60),
    "comments": (13, 23),
    "errors_articles": (20, 16),
    "errors_auth": (20, 10),
    "errors_authorization": (9, 5),
    "errors_comments": (10, 7),
    "errors_profiles": (6, 5),
    "favorites": (9, 66),
    "feed": (12, 32),
    "pagination": (7, 8),
    "profiles": (7, 20),
    "tags": (4, 6),
}


# --- (a) the declared suite -------------------------------------------------------------------


def test_suite_declares_154_requests_and_538_checks() -> None:
    assert SUITE.name == "hurl-v2"
    assert SUITE.request_count == 154
    assert SUITE.check_count == 538
    assert sum(len(e.checks) for f in FILES for e in f.entries) == 384


def test_per_file_counts_and_order_match_the_official_files() -> None:
    assert [f.name for f in FILES] == sorted(PER_FILE)
    for suite_file in FILES:
        requests = len(suite_file.entries)
        asserts = sum(len(e.checks) for e in suite_file.entries)
        assert (requests, asserts) == PER_FILE[suite_file.name], suite_file.name


def test_expected_statuses_predicates_and_captures() -> None:
    entries = [e for f in FILES for e in f.entries]
    assert Counter(e.status for e in entries) == {
        200: 59,
        201: 32,
        422: 17,
        204: 14,
        404: 14,
        401: 13,
        403: 3,
        409: 2,
    }
    labels = Counter(
        ("count " if c.count else "") + ("not " if c.negate else "") + c.op for e in entries for c in e.checks
    )
    assert labels == {
        "==": 168,
        "isString": 58,
        "matches": 38,
        "isList": 30,
        "isInteger": 22,
        "count ==": 16,
        "contains": 11,
        "isBoolean": 11,
        ">=": 9,
        "not exists": 9,
        "not isEmpty": 8,
        "!=": 2,
        "count >=": 2,
    }
    # 32 entries capture (34 variables: one entry captures three).
    assert sum(1 for e in entries if e.captures) == 32
    assert sum(len(e.captures) for e in entries) == 34
    assert all(e.path.startswith("/api/") for e in entries)


def test_every_variable_used_is_captured_earlier_in_the_same_file() -> None:
    placeholder = re.compile(r"\{\{\s*(\w+)\s*\}\}")
    for suite_file in FILES:
        known = {"uid"}
        for number, entry in enumerate(suite_file.entries, start=1):
            texts = [entry.path, *(v for _, v in entry.headers), json.dumps(entry.body)]
            texts += [json.dumps(c.expected) for c in entry.checks if not isinstance(c.expected, Var)]
            used = {name for text in texts for name in placeholder.findall(text)}
            used |= {c.expected.name for c in entry.checks if isinstance(c.expected, Var)}
            assert used <= known, f"{suite_file.name}#{number} uses {used - known}"
            known |= {c.name for c in entry.captures}


def test_uid_is_fresh_lowercase_alphanumeric() -> None:
    uids = {new_uid() for _ in range(20)}
    assert len(uids) == 20
    assert all(re.fullmatch(r"[a-z0-9]{6,16}", u) for u in uids)


# --- (b) jsonpath, predicates, templates ------------------------------------------------------


def test_jsonpath_queries() -> None:
    doc = {"a": {"b": [{"c": 1}, {"c": None}]}, "x y": True, "articles": []}
    assert query(doc, "$") == doc
    assert query(doc, "$.a.b[0].c") == 1
    assert query(doc, "$.a.b[1].c") is None
    assert query(doc, "$.a.b[-1].c") is None
    assert query(doc, "$['x y']") is True
    assert query(doc, '$["a"].b[0]') == {"c": 1}
    assert query(doc, "$.a.b[2].c") is MISSING
    assert query(doc, "$.articles[0].body") is MISSING
    assert query(doc, "$.a.missing") is MISSING
    assert query(doc, "$.a.b.c") is MISSING  # a key on a list selects nothing
    assert query(doc, "$.a[0]") is MISSING  # an index on an object selects nothing
    assert query([1, 2], "$[1]") == 2
    assert query("text", "$.a") is MISSING
    assert parse("$.errors.token[0]") == ("errors", "token", 0)
    with pytest.raises(JsonPathError):
        parse("$..deep")
    with pytest.raises(JsonPathError):
        parse("a.b")


def test_json_equality_is_strict_about_kinds() -> None:
    assert json_equal(1, 1.0)
    assert json_equal(None, None)
    assert json_equal([1, "a"], [1.0, "a"])
    assert json_equal({"a": [True]}, {"a": [True]})
    assert not json_equal(True, 1)
    assert not json_equal(0, False)
    assert not json_equal(None, "")
    assert not json_equal("1", 1)
    assert not json_equal([1], [1, 2])


@pytest.mark.parametrize(
    ("op", "actual", "expected", "negate", "passed"),
    [
        ("==", None, None, False, True),
        ("==", MISSING, None, False, False),  # a missing key is not null
        ("==", "", None, False, False),
        ("==", 0, False, False, False),
        ("==", 2, 2.0, False, True),
        ("!=", "a", "b", False, True),
        ("!=", "a", "a", False, False),
        ("!=", 1, "1", False, True),  # different kinds differ
        ("!=", MISSING, "a", False, False),
        (">=", 3, 1, False, True),
        (">=", 0, 1, False, False),
        (">=", "3", 1, False, False),  # type mismatch
        ("isString", "", None, False, True),
        ("isString", None, None, False, False),
        ("isInteger", 3, None, False, True),
        ("isInteger", 3.0, None, False, False),
        ("isInteger", 1.5, None, False, False),
        ("isInteger", True, None, False, False),
        ("isInteger", MISSING, None, False, False),
        ("isBoolean", False, None, False, True),
        ("isBoolean", 0, None, False, False),
        ("isList", [], None, False, True),
        ("isList", {}, None, False, False),
        ("matches", "2024-01-02T03:04:05.6Z", r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", False, True),
        ("matches", "2024-01-02 03:04:05", r"^\d{4}-\d{2}-\d{2}T", False, False),
        ("matches", "xx2024-01-02T", r"\d{4}-\d{2}-\d{2}T", False, True),  # search, not full match
        ("matches", "xx2024-01-02T", r"^\d{4}-\d{2}-\d{2}T", False, False),
        ("matches", 20240102, r"^\d+", False, False),  # type mismatch
        ("contains", ["a", "b"], "b", False, True),
        ("contains", ["a", "b"], "c", False, False),
        ("contains", [1, 2], 2.0, False, True),
        ("contains", "abcdef", "cd", False, True),
        ("contains", {"b": 1}, "b", False, False),  # type mismatch
        ("exists", None, None, False, True),
        ("exists", MISSING, None, False, False),
        ("exists", MISSING, None, True, True),  # not exists
        ("exists", "body", None, True, False),
        ("exists", None, None, True, False),  # null is a value: it exists
        ("isEmpty", "tok", None, True, True),  # not isEmpty
        ("isEmpty", "", None, True, False),
        ("isEmpty", [], None, False, True),
        ("isEmpty", 5, None, True, False),  # a type mismatch fails even when negated
        ("isEmpty", MISSING, None, True, True),  # negations pass on a missing value, as in Hurl
    ],
)
def test_predicates(op: Any, actual: Any, expected: Any, negate: bool, passed: bool) -> None:
    verdict = evaluate(op, actual, expected, negate)
    assert verdict.passed is passed
    assert (verdict.message == "") is passed


def test_failure_messages_show_the_actual_value_truncated() -> None:
    assert evaluate("==", "abc", "abd").message == 'got "abc"'
    assert evaluate("==", MISSING, 1).message == "got none"
    assert "type mismatch" in evaluate("matches", 12, "^1").message
    long = evaluate("==", "x" * 1000, "y").message
    assert long.endswith("...") and len(long) < 200


def test_templates() -> None:
    variables = {"uid": "u1", "id": 7, "flag": True}
    assert render("/api/articles/{{id}}/x{{ uid }}", variables) == "/api/articles/7/xu1"
    assert render("{{flag}}/{{n}}", {**variables, "n": None}) == "true/null"
    with pytest.raises(UndefinedVariable, match="variable 'slug' is not set"):
        render("/api/articles/{{slug}}", variables)
    with pytest.raises(UnrenderableVariable, match="holds a list"):
        render("{{tags}}", {"tags": ["a"]})
    assert variables_in({"a_{{x}}": ["{{y}}", 1, None], "b": "{{ z }}"}) == ["x", "y", "z"]
    assert render_json({"user": {"name": "a_{{uid}}", "tags": ["t_{{uid}}"], "n": None}}, variables) == {
        "user": {"name": "a_u1", "tags": ["t_u1"], "n": None}
    }
    assert resolve_expected(Var("id"), variables) == 7
    assert resolve_expected("{{id}}", variables) == "7"
    assert resolve_expected(None, variables) is None
    with pytest.raises(UndefinedVariable):
        resolve_expected(Var("slug1"), variables)


def test_check_names() -> None:
    variables = {"uid": "u1", "slug1": "s-1"}
    assert check_name(eq("$.article.title", "Test Article {{uid}}"), variables) == (
        '$.article.title == "Test Article u1"'
    )
    assert check_name(eq("$.user.bio", None), variables) == "$.user.bio == null"
    assert check_name(count_eq("$.tags", 2), variables) == "$.tags count == 2"
    assert check_name(absent("$.articles[0].body"), variables) == "$.articles[0].body not exists"
    assert check_name(not_empty("$.user.token"), variables) == "$.user.token not isEmpty"
    assert check_name(has("$.tags", "h_{{uid}}"), variables) == '$.tags contains "h_u1"'
    assert check_name(eq("$.a", Var("slug1")), variables) == '$.a == "s-1"'
    assert check_name(eq("$.a", Var("nope")), variables) == "$.a == {{nope}}"


# --- (c) real HTTP runs -------------------------------------------------------------------------


class FakeConduit(QuietHandler):
    """Right on registration and login, wrong elsewhere: a 500 with a good body on /api/tags,
    HTML 404 pages for profiles, and a JSON "article not found" for everything else."""

    seen: ClassVar[list[dict[str, Any]]] = []
    users: ClassVar[dict[str, dict[str, Any]]] = {}

    def _json(self, status: int, document: Any) -> None:
        self._send(status, json.dumps(document).encode())

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        payload = json.loads(raw) if raw else None
        self.seen.append(
            {
                "method": self.command,
                "path": self.path,
                "content_type": self.headers.get("Content-Type"),
                "authorization": self.headers.get("Authorization"),
                "body": payload,
            }
        )
        path = self.path
        if self.command == "POST" and path == "/api/users":
            user = payload["user"]
            doc = {
                "username": user["username"],
                "email": user["email"],
                "bio": None,
                "image": None,
                "token": "tok-" + user["username"],
            }
            self.users[user["email"]] = doc
            self._json(201, {"user": doc})
        elif self.command == "POST" and path == "/api/users/login":
            user = self.users.get(payload["user"]["email"])
            if user is None:
                self._json(401, {"errors": {"credentials": ["invalid"]}})
            else:
                self._json(200, {"user": user})
        elif path == "/api/tags":
            self._json(500, {"tags": [f"h_{UID}", f"t_{UID}"]})
        elif path.startswith("/api/profiles/"):
            self._send(404, b"<html>no such page</html>", "text/html")
        else:
            self._json(404, {"errors": {"article": ["not found"]}})

    do_GET = do_POST = do_PUT = do_DELETE = _handle


@pytest.fixture()
def fake_server() -> Iterator[str]:
    FakeConduit.seen = []
    FakeConduit.users = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeConduit)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _by_name(outcomes: list[RequestOutcome]) -> dict[str, RequestOutcome]:
    return {o.name: o for o in outcomes}


def test_run_against_a_partly_right_server(fake_server: str) -> None:
    streamed: list[RequestOutcome] = []
    with httpx.Client(base_url=fake_server, timeout=5) as client:
        result = HurlV2Suite(uid=UID).run(client, on_request=streamed.append)

    assert result.suite == "hurl-v2"
    assert [r.index for r in result.requests] == list(range(1, 155))
    assert streamed == result.requests
    assert result.total == 538
    sent = [r for r in result.requests if r.status is not None]
    unsent = [r for r in result.requests if r.status is None]
    assert len(FakeConduit.seen) == len(sent)
    # Only a variable that was never captured keeps an entry from being sent, and then it says which.
    assert unsent and all(r.transport_failure == "not_sent" for r in unsent)
    assert all(re.fullmatch(r"not sent: variable '\w+' is not set", r.error or "") for r in unsent)
    assert all(r.failed == len(r.assertions) for r in unsent)
    runs = _by_name(result.requests)

    register = runs["auth#1 Register"]
    assert (register.method, register.path, register.status) == ("POST", "/api/users", 201)
    assert (register.passed, register.failed) == (7, 0)
    assert register.assertions[0].name == "status == 201"
    assert register.assertions[1].name == f'$.user.username == "auth_{UID}"'
    assert runs["auth#2 Login"].passed == 7
    # Wrong status: the entry stops there; its asserts are not evaluated, however right the body is.
    tags = runs["tags#3 Get tags"]
    assert (tags.status, tags.passed, tags.failed) == (500, 0, 7)
    assert tags.assertions[0].message == "got 500"
    assert {a.message for a in tags.assertions[1:]} == {"not evaluated: the status was 500, not 200"}
    # Right status, non-JSON body: the jsonpath check fails and says why.
    profile = runs["errors_profiles#1 GET unknown profile"]
    assert profile.path == f"/api/profiles/unknown-user-{UID}"
    assert [a.passed for a in profile.assertions] == [True, False]
    assert "not JSON" in profile.assertions[1].message
    # An error status where a list was expected: nothing is credited, not even `not exists`.
    listing = runs["articles#3 List all articles"]
    assert (listing.status, listing.passed, listing.failed) == (404, 0, 14)
    # The article was never created, so `slug` stays unset and the entries that need it are not sent.
    single = runs["articles#9 Get single article"]
    assert (single.path, single.status, single.error) == (
        "/api/articles/{{slug}}",
        None,
        "not sent: variable 'slug' is not set",
    )
    deletion = runs["articles#17 Verify deletion"]
    assert (deletion.passed, deletion.failed) == (0, 2)
    assert all(not r["path"].count("{{") for r in FakeConduit.seen)

    # Headers and bodies as Hurl sends them; captured tokens stay within their file.
    seen = dict(zip((r.name for r in sent), FakeConduit.seen, strict=True))
    sent = FakeConduit.seen
    create = sent[1]
    assert (create["method"], create["path"]) == ("POST", "/api/articles")
    assert create["content_type"] == "application/json"
    assert create["authorization"] == f"Token tok-art_{UID}"
    assert create["body"]["article"]["tagList"] == [f"d_{UID}", f"t_{UID}"]
    assert sent[0]["body"] == {
        "user": {"username": f"art_{UID}", "email": f"art_{UID}@test.com", "password": "password123"}
    }
    assert sent[2]["content_type"] is None and sent[2]["body"] is None
    comments_create = seen["comments#2 Setup: Create article"]
    assert comments_create["authorization"] == f"Token tok-cmt_{UID}"
    auth_put = seen["auth#4 Update user"]
    assert auth_put["authorization"] == f"Token tok-auth_{UID}"
    assert auth_put["body"] == {"user": {"bio": "Updated bio"}}


def test_captures_do_not_cross_files(fake_server: str) -> None:
    first = SuiteFile(
        name="first",
        entries=(
            post(
                "make",
                "/api/users",
                {"user": {"username": "a", "email": "a@x"}},
                status=201,
                captures={"t": "$.user.token"},
            ),
            get("use", "/api/x/{{t}}", auth="t", status=404, checks=[eq("$.errors.article[0]", "not found")]),
        ),
    )
    second = SuiteFile(
        name="second",
        entries=(get("reuse", "/api/x/{{t}}", auth="t", status=404, checks=[eq("$.anything", "{{t}}")]),),
    )
    with httpx.Client(base_url=fake_server, timeout=5) as client:
        result = HurlV2Suite(uid="u", files=(first, second)).run(client)
    assert [r.name for r in result.requests] == ["first#1 make", "first#2 use", "second#1 reuse"]
    assert result.requests[1].path == "/api/x/tok-a"
    assert FakeConduit.seen[1]["authorization"] == "Token tok-a"
    # `t` is unknown in the second file: its entry is not sent, and both of its checks fail.
    reuse = result.requests[2]
    assert (reuse.path, reuse.status, reuse.error) == ("/api/x/{{t}}", None, "not sent: variable 't' is not set")
    assert len(FakeConduit.seen) == 2
    assert [a.message for a in reuse.assertions] == ["not sent: variable 't' is not set"] * 2
    assert (result.passed, result.total) == (3, 5)


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_counts_every_check_as_failed() -> None:
    streamed: list[RequestOutcome] = []
    with httpx.Client(base_url=f"http://127.0.0.1:{_unused_port()}", timeout=2) as client:
        result = SUITE.run(client, on_request=streamed.append)
    assert (result.passed, result.failed, result.total) == (0, 538, 538)
    assert result.a_pct == 0.0
    assert len(streamed) == 154
    assert all(r.status is None and r.error for r in result.requests)
    # What needs no capture is tried and refused; what needs one (a token, a slug) is not sent.
    refused = [r for r in result.requests if r.transport_failure == "refused"]
    unsent = [r for r in result.requests if r.transport_failure == "not_sent"]
    assert len(refused) + len(unsent) == 154 and refused and unsent
    assert all("ConnectError" in (r.error or "") for r in refused)
    first, second = result.requests[:2]
    assert first.name == "articles#1 Setup: Register"
    assert first.assertions[0].message.startswith("no response: ConnectError")
    assert second.error == "not sent: variable 'token' is not set" and len(second.assertions) == 14
