"""The built-in postman-v1 suite against the real newman: same servers, same counts.

Each variant is a small in-memory Conduit served over real HTTP, correct or broken in a chosen way
(unsorted tags, `Bearer`-only auth, non-JSON or empty bodies, 500s, odd JSON shapes, odd values,
connection resets), plus a port where nothing listens. The built-in suite and newman each get a
fresh server of the variant and must agree on every request: status, assertion names, which of
them passed, and whether a script or transport error stopped counting. Each side makes its own
USERNAME, so paths are compared with it replaced.

Skipped, with the reason, when newman (`npm ci`) or the official collection is missing.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import json
import re
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
import pytest

from evals.oracle import NewmanFailed, NewmanSuite, NewmanUnavailable, find_newman, parse_report, run_newman
from evals.oracle.newman import newman_command
from evals.results import SuiteResult
from evals.shared_material import official_postman_collection
from evals.suites.postman_v1 import FRESH_DB_ASSERTIONS, PostmanV1Suite, new_user_variables
from tests.quiet_handler import QuietHandler

# --- an in-memory Conduit with switchable faults ---------------------------------------------------

Json = Any
Reply = tuple[int, Json]


@dataclass(frozen=True)
class Variant:
    """How the server misbehaves. Route names are those of `ConduitApp.route`."""

    name: str
    unsorted_tags: bool = False
    bearer_only: bool = False
    empty_body: frozenset[str] = frozenset()  # answer 200 with no body
    html_500: frozenset[str] = frozenset()  # answer 500 with an HTML page
    json_500: frozenset[str] = frozenset()  # answer 500 with a JSON error
    reset: frozenset[str] = frozenset()  # drop the connection without answering
    bom: bool = False  # prefix every JSON body with a UTF-8 byte order mark
    seeded: bool = False  # an article by johnjacob, tagged dragons, exists before the run
    # route name -> function rewriting the JSON document (or returning raw bytes)
    rewrite: dict[str, Callable[[Json], Json | bytes]] = field(default_factory=dict)


@dataclass(frozen=True)
class Call:
    viewer: str | None
    params: list[str]
    query: dict[str, str]
    body: Json


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ConduitApp:
    """Just enough of Conduit for the Postman collection, in memory."""

    def __init__(self, variant: Variant) -> None:
        self.variant = variant
        self.lock = threading.Lock()
        self.users: dict[str, dict[str, Any]] = {}
        self.tokens: dict[str, str] = {}
        self.articles: list[dict[str, Any]] = []
        self.follows: set[tuple[str, str]] = set()
        self.favorites: set[tuple[str, str]] = set()
        self.comments: list[dict[str, Any]] = []
        self.comment_ids = itertools.count(1)
        if variant.seeded:
            self._add_user("johnjacob", "john@jacob.example")
            self._add_article("johnjacob", {"title": "Seed", "description": "d", "body": "b", "tagList": ["dragons"]})

    # state helpers
    def _add_user(self, username: str, email: str) -> dict[str, Any]:
        token = f"tok-{username}"
        user = {"email": email, "username": username, "bio": None, "image": None, "token": token}
        self.users[username] = user
        self.tokens[token] = username
        return user

    def _add_article(self, author: str, data: dict[str, Any]) -> dict[str, Any]:
        slug = re.sub(r"[^a-z0-9]+", "-", str(data["title"]).lower()).strip("-")
        stamp = _now()
        article = {
            "slug": slug,
            "title": data["title"],
            "description": data["description"],
            "body": data["body"],
            "tagList": list(data.get("tagList") or []),
            "createdAt": stamp,
            "updatedAt": stamp,
            "author": author,
        }
        self.articles.insert(0, article)
        return article

    def _profile_of(self, username: str, viewer: str | None) -> dict[str, Any]:
        user = self.users[username]
        following = (viewer, username) in self.follows
        return {"username": username, "bio": user["bio"], "image": user["image"], "following": following}

    def _article(self, article: dict[str, Any], viewer: str | None, *, body: bool = True) -> dict[str, Any]:
        tags = article["tagList"] if self.variant.unsorted_tags else sorted(article["tagList"])
        out = {k: v for k, v in article.items() if k not in ("author", "body")}
        if body:
            out["body"] = article["body"]
        out["tagList"] = tags
        out["favorited"] = (viewer, article["slug"]) in self.favorites
        out["favoritesCount"] = sum(1 for _, slug in self.favorites if slug == article["slug"])
        out["author"] = self._profile_of(article["author"], viewer)
        return out

    def _viewer(self, authorization: str | None) -> tuple[str | None, bool]:
        """(username, header was acceptable)."""
        if not authorization:
            return None, True
        scheme = "Bearer " if self.variant.bearer_only else "Token "
        if not authorization.startswith(scheme):
            return None, False
        user = self.tokens.get(authorization[len(scheme) :])
        return user, user is not None

    def route(self, method: str, path: str) -> tuple[str, list[str]] | None:
        """The route name for a request, with its path parameters."""
        table = [
            ("POST", r"/api/users", "register"),
            ("POST", r"/api/users/login", "login"),
            ("GET", r"/api/user", "current_user"),
            ("PUT", r"/api/user", "update_user"),
            ("GET", r"/api/articles", "list"),
            ("GET", r"/api/articles/feed", "feed"),
            ("POST", r"/api/articles", "create_article"),
            ("GET", r"/api/articles/([^/]+)", "get_article"),
            ("PUT", r"/api/articles/([^/]+)", "update_article"),
            ("DELETE", r"/api/articles/([^/]+)", "delete_article"),
            ("POST", r"/api/articles/([^/]+)/favorite", "favorite"),
            ("DELETE", r"/api/articles/([^/]+)/favorite", "unfavorite"),
            ("POST", r"/api/articles/([^/]+)/comments", "create_comment"),
            ("GET", r"/api/articles/([^/]+)/comments", "list_comments"),
            ("DELETE", r"/api/articles/([^/]+)/comments/([^/]+)", "delete_comment"),
            ("GET", r"/api/profiles/([^/]+)", "profile"),
            ("POST", r"/api/profiles/([^/]+)/follow", "follow"),
            ("DELETE", r"/api/profiles/([^/]+)/follow", "unfollow"),
            ("GET", r"/api/tags", "tags"),
        ]
        for route_method, pattern, name in table:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                return name, [unquote(p) for p in match.groups()]
        return None

    def handle(self, name: str, params: list[str], query: dict[str, str], body: Json, auth: str | None) -> Reply:
        viewer, auth_ok = self._viewer(auth)
        needs_user = name not in {"register", "login", "list", "get_article", "list_comments", "profile", "tags"}
        if not auth_ok or (needs_user and viewer is None):
            return 401, {"errors": {"token": ["is missing" if auth is None else "is invalid"]}}
        handler: Callable[[Call], Reply] = getattr(self, f"_route_{name}")
        with self.lock:
            return handler(Call(viewer, params, query, body))

    # routes
    def _route_register(self, call: Call) -> Reply:
        data = call.body["user"]
        if data["username"] in self.users:
            return 409, {"errors": {"username": ["has already been taken"]}}
        return 201, {"user": self._add_user(data["username"], data["email"])}

    def _route_login(self, call: Call) -> Reply:
        for user in self.users.values():
            if user["email"] == call.body["user"]["email"]:
                return 200, {"user": user}
        return 401, {"errors": {"credentials": ["invalid"]}}

    def _route_current_user(self, call: Call) -> Reply:
        assert call.viewer is not None
        return 200, {"user": self.users[call.viewer]}

    def _route_update_user(self, call: Call) -> Reply:
        assert call.viewer is not None
        self.users[call.viewer].update(call.body["user"])
        return 200, {"user": self.users[call.viewer]}

    def _route_list(self, call: Call) -> Reply:
        found = [
            a
            for a in self.articles
            if ("tag" not in call.query or call.query["tag"] in a["tagList"])
            and ("author" not in call.query or call.query["author"] == a["author"])
            and ("favorited" not in call.query or (call.query["favorited"], a["slug"]) in self.favorites)
        ]
        return 200, {
            "articles": [self._article(a, call.viewer, body=False) for a in found],
            "articlesCount": len(found),
        }

    def _route_feed(self, call: Call) -> Reply:
        found = [a for a in self.articles if (call.viewer, a["author"]) in self.follows]
        return 200, {
            "articles": [self._article(a, call.viewer, body=False) for a in found],
            "articlesCount": len(found),
        }

    def _find(self, slug: str) -> dict[str, Any] | None:
        return next((a for a in self.articles if a["slug"] == slug), None)

    def _route_create_article(self, call: Call) -> Reply:
        assert call.viewer is not None
        return 201, {"article": self._article(self._add_article(call.viewer, call.body["article"]), call.viewer)}

    def _route_get_article(self, call: Call) -> Reply:
        article = self._find(call.params[0])
        if article is None:
            return 404, {"errors": {"article": ["not found"]}}
        return 200, {"article": self._article(article, call.viewer)}

    def _route_update_article(self, call: Call) -> Reply:
        article = self._find(call.params[0])
        if article is None:
            return 404, {"errors": {"article": ["not found"]}}
        article.update(call.body["article"])
        article["updatedAt"] = _now()
        return 200, {"article": self._article(article, call.viewer)}

    def _route_delete_article(self, call: Call) -> Reply:
        article = self._find(call.params[0])
        if article is None:
            return 404, {"errors": {"article": ["not found"]}}
        self.articles.remove(article)
        return 204, None

    def _route_favorite(self, call: Call) -> Reply:
        article = self._find(call.params[0])
        if article is None:
            return 404, {"errors": {"article": ["not found"]}}
        self.favorites.add((str(call.viewer), article["slug"]))
        return 200, {"article": self._article(article, call.viewer)}

    def _route_unfavorite(self, call: Call) -> Reply:
        article = self._find(call.params[0])
        if article is None:
            return 404, {"errors": {"article": ["not found"]}}
        self.favorites.discard((str(call.viewer), article["slug"]))
        return 200, {"article": self._article(article, call.viewer)}

    def _route_create_comment(self, call: Call) -> Reply:
        assert call.viewer is not None
        if self._find(call.params[0]) is None:
            return 404, {"errors": {"article": ["not found"]}}
        stamp = _now()
        comment = {
            "id": next(self.comment_ids),
            "createdAt": stamp,
            "updatedAt": stamp,
            "body": call.body["comment"]["body"],
        }
        self.comments.append({**comment, "slug": call.params[0], "author": call.viewer})
        return 201, {"comment": {**comment, "author": self._profile_of(call.viewer, call.viewer)}}

    def _route_list_comments(self, call: Call) -> Reply:
        if self._find(call.params[0]) is None:
            return 404, {"errors": {"article": ["not found"]}}
        found = [c for c in self.comments if c["slug"] == call.params[0]]
        shown = [
            {
                **{k: v for k, v in c.items() if k not in ("slug", "author")},
                "author": self._profile_of(c["author"], call.viewer),
            }
            for c in found
        ]
        return 200, {"comments": shown}

    def _route_delete_comment(self, call: Call) -> Reply:
        before = len(self.comments)
        self.comments = [
            c for c in self.comments if not (c["slug"] == call.params[0] and str(c["id"]) == call.params[1])
        ]
        return (204, None) if len(self.comments) < before else (404, {"errors": {"comment": ["not found"]}})

    def _profile_route(self, viewer: str | None, username: str, follow: bool | None) -> Reply:
        if username not in self.users:
            return 404, {"errors": {"profile": ["not found"]}}
        if follow is True:
            self.follows.add((str(viewer), username))
        elif follow is False:
            self.follows.discard((str(viewer), username))
        return 200, {"profile": self._profile_of(username, viewer)}

    def _route_profile(self, call: Call) -> Reply:
        return self._profile_route(call.viewer, call.params[0], None)

    def _route_follow(self, call: Call) -> Reply:
        return self._profile_route(call.viewer, call.params[0], True)

    def _route_unfollow(self, call: Call) -> Reply:
        return self._profile_route(call.viewer, call.params[0], False)

    def _route_tags(self, call: Call) -> Reply:
        return 200, {"tags": sorted({t for a in self.articles for t in a["tagList"]})}


class _Handler(QuietHandler):
    protocol_version = "HTTP/1.1"
    app: ConduitApp  # set on the subclass made for each server

    def _drop(self) -> None:
        """Close the connection at once with a TCP reset, answering nothing."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _dispatch(self) -> None:
        variant = self.app.variant
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        found = self.app.route(self.command, url.path)
        if found is None:
            self._send(404, b'{"errors":{"route":["not found"]}}')
            return
        name, params = found
        if name in variant.reset:
            self._drop()
            return
        if name in variant.empty_body:
            self._send(200, b"")
            return
        if name in variant.html_500:
            self._send(500, b"<html><body>Internal Server Error</body></html>", "text/html")
            return
        if name in variant.json_500:
            self._send(500, b'{"errors":{"server":["boom"]}}')
            return
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        body = json.loads(raw) if raw else None
        status, document = self.app.handle(name, params, query, body, self.headers.get("Authorization"))
        if document is None:
            self._send(status, b"")
            return
        if name in variant.rewrite:
            document = variant.rewrite[name](document)
        payload = document if isinstance(document, bytes) else json.dumps(document).encode()
        self._send(status, (b"\xef\xbb\xbf" if variant.bom else b"") + payload)

    do_GET = do_POST = do_PUT = do_DELETE = _dispatch


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # dropped connections are on purpose
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def conduit_server(variant: Variant | None) -> Iterator[str]:
    """A fresh server for `variant` on an ephemeral port (None: a port nothing listens on)."""
    if variant is None:
        yield f"http://127.0.0.1:{_free_port()}"
        return
    handler = type("Handler", (_Handler,), {"app": ConduitApp(variant)})
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the variants ----------------------------------------------------------------------------------


def _drop_key(route_key: str, key: str) -> Callable[[Json], Json]:
    def rewrite(document: Json) -> Json:
        document[route_key].pop(key, None)
        return document

    return rewrite


def _set_key(route_key: str, key: str, value: Json) -> Callable[[Json], Json]:
    def rewrite(document: Json) -> Json:
        document[route_key][key] = value
        return document

    return rewrite


def _replace(value: Json) -> Callable[[Json], Json]:
    return lambda _document: value


def _articles_as(value: Json) -> Callable[[Json], Json]:
    return lambda document: {**document, "articles": value}


VARIANTS: list[Variant | None] = [
    Variant("correct"),
    Variant("seeded", seeded=True),
    Variant("unsorted-tags", unsorted_tags=True),
    Variant("bearer-only", bearer_only=True),
    Variant(
        "non-json",
        empty_body=frozenset({"list", "get_article", "create_comment"}),
        rewrite={"login": _replace(b"OK"), "tags": _replace(b"<html>tags</html>"), "follow": _replace(b"NaN")},
    ),
    Variant("server-errors", html_500=frozenset({"favorite", "feed", "profile"}), json_500=frozenset({"tags"})),
    Variant(
        "odd-shapes",
        rewrite={
            "register": _replace({"user": None}),
            "current_user": _replace({"user": "not an object"}),
            "update_user": _replace([{"user": {}}]),
            "feed": _articles_as(None),
            "list": _articles_as("ab"),
            "get_article": _set_key("article", "createdAt", "2024-01-01T00:00:00Z"),
            "update_article": _set_key("article", "favoritesCount", "1"),
            "favorite": _set_key("article", "tagList", {"0": "dragons"}),
            "list_comments": _replace({"comments": [None]}),
            "follow": _set_key("profile", "following", "true"),
            "tags": _replace({"tags": "dragons,training"}),
            "unfavorite": _replace({"hasOwnProperty": 1, "article": {}}),
        },
    ),
    Variant(
        "odd-values",
        rewrite={
            "login": _set_key("user", "token", {"not": "a string"}),
            "create_article": _set_key("article", "slug", "a b{c}?x=1#frag"),
            "create_comment": _set_key("comment", "id", 1.5e-7),
        },
    ),
    Variant(
        "missing-captures",
        rewrite={
            "login": _drop_key("user", "token"),
            "create_article": _drop_key("article", "slug"),
            "create_comment": _drop_key("comment", "id"),
        },
    ),
    Variant("resets", reset=frozenset({"login", "create_comment", "tags"})),
    Variant("byte-order-mark", bom=True),
    None,  # connection refused
]


def _variant_id(variant: Variant | None) -> str:
    return variant.name if variant is not None else "refused"


# --- fixtures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def newman() -> Path:
    try:
        return find_newman()
    except NewmanUnavailable as exc:
        pytest.skip(f"newman is not installed ({exc})")


@pytest.fixture(scope="module")
def collection() -> Path:
    path = official_postman_collection()
    if not path.is_file():
        pytest.skip(f"the official Postman collection is not at {path} (set CAGENT_SHARED_DIR)")
    return path


# --- comparison ---------------------------------------------------------------------------------------


def _normalised_path(path: str, username: str) -> str:
    return path.replace(username, "{USERNAME}")


def assert_same_counts(ours: SuiteResult, theirs: SuiteResult, our_user: str, their_user: str) -> None:
    assert len(ours.requests) == len(theirs.requests) == 32
    for mine, newman_side in zip(ours.requests, theirs.requests, strict=True):
        where = f"request {mine.index} {mine.name!r}"
        assert (mine.index, mine.name, mine.method) == (newman_side.index, newman_side.name, newman_side.method)
        assert _normalised_path(mine.path, our_user) == _normalised_path(newman_side.path, their_user), where
        assert mine.status == newman_side.status, where
        assert [(a.name, a.passed) for a in mine.assertions] == [(a.name, a.passed) for a in newman_side.assertions], (
            where
        )
        assert (mine.error is None) == (newman_side.error is None), f"{where}: {mine.error!r} / {newman_side.error!r}"
    assert (ours.passed, ours.total) == (theirs.passed, theirs.total)


# --- tests --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", VARIANTS, ids=_variant_id)
def test_builtin_suite_counts_exactly_like_newman(variant: Variant | None, newman: Path, collection: Path) -> None:
    our_variables = new_user_variables()
    their_variables = new_user_variables()
    with conduit_server(variant) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        ours = PostmanV1Suite(variables=our_variables).run(client)
    with conduit_server(variant) as base_url:
        theirs = run_newman(collection, base_url, timeout_s=120, variables=their_variables, newman=newman)

    assert theirs.suite == "newman:Conduit.postman_collection.json"
    assert_same_counts(ours, theirs, our_variables["USERNAME"], their_variables["USERNAME"])
    if variant is not None and variant.name == "correct":
        assert (ours.passed, ours.total) == (FRESH_DB_ASSERTIONS, FRESH_DB_ASSERTIONS)
    if variant is None:
        assert ours.total == 18 and ours.passed == 0
        assert all(r.error for r in ours.requests)


def test_newman_suite_object_reports_each_request(newman: Path, collection: Path) -> None:
    seen: list[str] = []
    with conduit_server(Variant("correct")) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        result = NewmanSuite(collection).run(client, on_request=lambda outcome: seen.append(outcome.name))
    assert result.suite == "newman:Conduit.postman_collection.json"
    assert (result.passed, result.total) == (FRESH_DB_ASSERTIONS, FRESH_DB_ASSERTIONS)
    assert len(seen) == 32 and seen[0] == "Register" and seen[-1] == "All Tags"


# --- without newman ---------------------------------------------------------------------------------


def test_missing_newman_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CAGENT_NEWMAN", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(NewmanUnavailable, match="npm ci"):
        find_newman(tmp_path)


def test_newman_env_var_is_a_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "my-newman"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("CAGENT_NEWMAN", str(fake))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find_newman(tmp_path) == fake


def test_command_passes_the_official_globals(tmp_path: Path) -> None:
    command = newman_command(
        Path("/bin/newman"),
        Path("/c.json"),
        tmp_path / "r.json",
        {"APIURL": "http://h:1/api", "USERNAME": "u1", "EMAIL": "u1@mail.com", "PASSWORD": "password"},
    )
    assert command[:3] == ["/bin/newman", "run", "/c.json"]
    assert command[3:7] == ["--reporters", "json", "--reporter-json-export", str(tmp_path / "r.json")]
    assert "--global-var" in command and "APIURL=http://h:1/api" in command and "EMAIL=u1@mail.com" in command


def test_newman_that_writes_no_report_fails_clearly(tmp_path: Path) -> None:
    fake = tmp_path / "newman"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    fake.chmod(0o755)
    collection_file = tmp_path / "c.json"
    collection_file.write_text("{}")
    with pytest.raises(NewmanFailed, match="broken"):
        run_newman(collection_file, "http://127.0.0.1:9", newman=fake, timeout_s=30)


def test_newman_addresses_the_api_at_its_base(tmp_path: Path) -> None:
    """A task served under another base URL: newman's APIURL is the server root plus that base."""
    args = tmp_path / "args"
    fake = tmp_path / "newman"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {args}\nexit 1\n')
    fake.chmod(0o755)
    collection_file = tmp_path / "c.json"
    collection_file.write_text("{}")
    with pytest.raises(NewmanFailed):
        run_newman(collection_file, "http://127.0.0.1:9/", newman=fake, timeout_s=30, api_base="/conduit/api/")
    assert "APIURL=http://127.0.0.1:9/conduit/api" in args.read_text().splitlines()


def _report(executions: list[dict[str, Any]], total: int, failed: int) -> dict[str, Any]:
    return {"run": {"executions": executions, "stats": {"assertions": {"total": total, "failed": failed}}}}


def test_report_mapping() -> None:
    executions = [
        {
            "item": {"name": "All Articles"},
            "request": {
                "method": "GET",
                "url": {"path": ["api", "articles"], "query": [{"key": "tag", "value": "a b"}]},
            },
            "response": {"code": 200, "responseTime": 12},
            "assertions": [
                {"assertion": "Response code is 200 OK", "skipped": False},
                {"assertion": "x", "skipped": False, "error": {"message": "expected false to be truthy"}},
            ],
            "testScript": [{"error": {"name": "TypeError", "message": "Cannot read properties of undefined"}}],
        },
        {
            "item": {"name": "Delete Article"},
            "request": {"method": "DELETE", "url": {"path": ["api", "articles", "{{slug}}"], "query": []}},
            "requestError": {"code": "ECONNREFUSED", "syscall": "connect", "address": "127.0.0.1", "port": 9},
        },
    ]
    result = parse_report(_report(executions, 2, 1), "newman:x.json")
    first, second = result.requests
    assert (first.index, first.name, first.method, first.path, first.status) == (
        1,
        "All Articles",
        "GET",
        "/api/articles?tag=a%20b",
        200,
    )
    assert [(a.name, a.passed, a.message) for a in first.assertions] == [
        ("Response code is 200 OK", True, ""),
        ("x", False, "expected false to be truthy"),
    ]
    assert first.error == "test script stopped: TypeError: Cannot read properties of undefined"
    assert second.path == "/api/articles/%7B%7Bslug%7D%7D" and second.status is None
    assert second.error == "ECONNREFUSED connect 127.0.0.1:9" and second.assertions == []
    assert (first.transport_failure, second.transport_failure) == (None, "refused")
    assert (result.passed, result.failed, result.total) == (1, 1, 2)


def test_report_mapping_is_checked_against_newman_stats() -> None:
    with pytest.raises(NewmanFailed, match="disagrees"):
        parse_report(_report([], 3, 0), "newman:x.json")
