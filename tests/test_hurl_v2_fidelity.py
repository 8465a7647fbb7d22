"""Fidelity of the Python port of the RealWorld Hurl suite to the official `.hurl` files.

Hurl is not needed: a small parser below reads the official files (kept beside the project in
`<shared>/realworld/hurl-v2`, see `evals.shared_material.shared_dir`) and every entry is compared,
in order, with the port's declared entries: method, path, headers, JSON body, status, captures and
each assert (jsonpath, `count` filter, `not`, predicate, expected value).

The parser knows only the subset of Hurl the official files use; anything else in them is a
parse error rather than something silently skipped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import zip_longest
from pathlib import Path
from typing import Any

import httpx
import pytest

from evals.references import reference_path
from evals.results import RequestLimits, RequestOutcome, SuiteResult
from evals.runner import EvalOptions, evaluate
from evals.shared_material import shared_dir
from evals.suites.hurl_v2 import SUITE, HurlV2Suite
from evals.suites.hurl_v2.files import FILES
from evals.suites.hurl_v2.model import Check, Entry, SuiteFile, Var
from evals.transport import BoundedClient
from tests.quiet_handler import QuietHandler, serving
from tools.apps import AppLimits

EXPECTED_ENTRIES = 154
EXPECTED_ASSERTS = 384
EXPECTED_CHECKS = 538  # one status check per entry plus one per assert

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")
REQUEST_LINE = re.compile(rf"^({'|'.join(METHODS)}) \{{\{{host\}}\}}(\S(?:.*\S)?)$")
STATUS_LINE = re.compile(r"^HTTP (\d{3})$")
HEADER_LINE = re.compile(r"^([A-Za-z0-9-]+):\s*(.*)$")
CAPTURE_LINE = re.compile(r'^([A-Za-z_][\w-]*):\s*jsonpath\s+(".*")$')
SECTION_LINE = re.compile(r"^\[(\w+)\]$")
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")

# Official predicate name -> the port's `Op`. The names happen to be the same; the table also
# lists every predicate the comparison knows, so an unknown one in the files is reported.
PREDICATES: dict[str, str] = {
    "==": "==",
    "!=": "!=",
    ">=": ">=",
    "isString": "isString",
    "isInteger": "isInteger",
    "isBoolean": "isBoolean",
    "isList": "isList",
    "isEmpty": "isEmpty",
    "exists": "exists",
    "matches": "matches",
    "contains": "contains",
}
# Predicates written without a value; the port stores `expected=None` for them.
VALUELESS = {"isString", "isInteger", "isBoolean", "isList", "isEmpty", "exists"}
# Filters between the query and the predicate; the port has a `count` flag.
FILTERS = {"count"}

NO_VALUE = ("<no value>",)


class HurlParseError(ValueError):
    pass


@dataclass
class HurlEntry:
    title: str
    line: int
    method: str
    path: str
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None
    status: int | None = None
    captures: list[tuple[str, str]] = field(default_factory=list)
    asserts: list[tuple[str, bool, bool, str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# The official files


def official_dir() -> Path:
    return shared_dir() / "realworld" / "hurl-v2"


def require_official_dir() -> Path:
    directory = official_dir()
    if not directory.is_dir():
        pytest.skip(f"official Hurl files not found at {directory} (set CAGENT_SHARED_DIR to the shared dir)")
    return directory


_ESCAPES = {'"': '"', "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "#": "#"}


def _quoted(text: str, pos: int) -> tuple[str, int]:
    """The Hurl quoted string starting at `text[pos]` (a `"`), unescaped, and the position after it."""
    assert text[pos] == '"'
    out: list[str] = []
    i = pos + 1
    while i < len(text):
        c = text[i]
        if c == '"':
            return "".join(out), i + 1
        if c == "\\":
            nxt = text[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            unicode = re.match(r"u\{([0-9a-fA-F]+)\}", text[i + 1 :])
            if unicode:
                out.append(chr(int(unicode.group(1), 16)))
                i += 1 + unicode.end()
                continue
            raise HurlParseError(f"unknown escape \\{nxt} in {text!r}")
        out.append(c)
        i += 1
    raise HurlParseError(f"unterminated string in {text!r}")


def _tokens(text: str) -> list[tuple[str, Any]]:
    """Split an assert line into ("str", text), ("var", name) and ("word", text) tokens."""
    tokens: list[tuple[str, Any]] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text[i] == '"':
            value, i = _quoted(text, i)
            tokens.append(("str", value))
        elif text.startswith("{{", i):
            m = PLACEHOLDER.match(text, i)
            if not m:
                raise HurlParseError(f"bad placeholder in {text!r}")
            tokens.append(("var", m.group(1)))
            i = m.end()
        elif text[i] == "#":
            raise HurlParseError(f"trailing comment not supported: {text!r}")
        else:
            m = re.compile(r"\S+").match(text, i)
            assert m
            tokens.append(("word", m.group(0)))
            i = m.end()
    return tokens


def _value(token: tuple[str, Any]) -> Any:
    """A predicate value in the comparison's tagged form (see `tagged`)."""
    kind, text = token
    if kind == "str":
        return ("str", normalize_placeholders(text))
    if kind == "var":
        return ("var", text)
    if text in ("true", "false"):
        return ("bool", text == "true")
    if text == "null":
        return ("null",)
    if re.fullmatch(r"-?\d+", text):
        return ("int", int(text))
    if re.fullmatch(r"-?\d+\.\d+", text):
        return ("float", float(text))
    raise HurlParseError(f"unsupported value {text!r}")


def _assert(text: str) -> tuple[str, bool, bool, str, Any]:
    """`jsonpath "q" [count] [not] predicate [value]` -> (query, count, negate, predicate, value)."""
    tokens = _tokens(text)
    if len(tokens) < 3 or tokens[0] != ("word", "jsonpath") or tokens[1][0] != "str":
        raise HurlParseError(f"unsupported assert {text!r}")
    query = tokens[1][1]
    rest = tokens[2:]
    count = False
    while rest and rest[0][0] == "word" and rest[0][1] in FILTERS:
        count = True
        rest = rest[1:]
    negate = bool(rest) and rest[0] == ("word", "not")
    if negate:
        rest = rest[1:]
    if not rest or rest[0][0] != "word" or rest[0][1] not in PREDICATES:
        raise HurlParseError(f"unknown predicate in {text!r}")
    predicate = rest[0][1]
    values = rest[1:]
    if predicate in VALUELESS:
        if values:
            raise HurlParseError(f"{predicate} takes no value: {text!r}")
        return query, count, negate, predicate, NO_VALUE
    if len(values) != 1:
        raise HurlParseError(f"{predicate} takes one value: {text!r}")
    return query, count, negate, predicate, _value(values[0])


def parse_hurl(path: Path) -> list[HurlEntry]:
    entries: list[HurlEntry] = []
    comments: list[str] = []
    entry: HurlEntry | None = None
    state = "none"  # request (headers), body, response (after HTTP), Captures, Asserts
    body_lines: list[str] = []

    def fail(number: int, why: str) -> HurlParseError:
        return HurlParseError(f"{path.name}:{number}: {why}")

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.rstrip()
        stripped = line.strip()
        if state != "body" and stripped.startswith("#"):
            comments.append(stripped.lstrip("#").strip())
            continue
        if state != "body" and not stripped:
            continue
        request = REQUEST_LINE.match(line)
        if request and state != "body":
            entry = HurlEntry(
                title=comments[-1] if comments else "",
                line=number,
                method=request.group(1),
                path=normalize_placeholders(request.group(2)),
            )
            entries.append(entry)
            comments = []
            state = "request"
            continue
        if entry is None:
            raise fail(number, f"content before the first request: {line!r}")
        status = STATUS_LINE.match(line)
        if status and state in ("request", "body"):
            if state == "body":
                try:
                    entry.body = json.loads("\n".join(body_lines))
                except json.JSONDecodeError as exc:
                    raise fail(number, f"body is not JSON: {exc}") from exc
                body_lines = []
            entry.status = int(status.group(1))
            state = "response"
            continue
        if state == "request":
            header = HEADER_LINE.match(line)
            if header and not line.startswith(("{", "[")):
                entry.headers.append((header.group(1), normalize_placeholders(header.group(2))))
                continue
            if line.startswith(("{", "[")):
                state = "body"
                body_lines = [line]
                continue
            raise fail(number, f"unexpected request line {line!r}")
        if state == "body":
            body_lines.append(line)
            continue
        section = SECTION_LINE.match(line)
        if section:
            if section.group(1) not in ("Captures", "Asserts"):
                raise fail(number, f"unsupported section [{section.group(1)}]")
            state = section.group(1)
            continue
        if state == "Captures":
            capture = CAPTURE_LINE.match(line)
            if not capture:
                raise fail(number, f"unsupported capture {line!r}")
            query, end = _quoted(capture.group(2), 0)
            if end != len(capture.group(2)):
                raise fail(number, f"unsupported capture {line!r}")
            entry.captures.append((capture.group(1), query))
            continue
        if state == "Asserts":
            try:
                entry.asserts.append(_assert(line))
            except HurlParseError as exc:
                raise fail(number, str(exc)) from exc
            continue
        raise fail(number, f"unexpected line {line!r}")
    if state in ("request", "body"):
        raise fail(number, "the last entry has no HTTP line")
    return entries


@cache
def official_files() -> dict[str, list[HurlEntry]]:
    """The parsed official files by name (without `.hurl`), in the order the files sort."""
    directory = require_official_dir()
    return {path.stem: parse_hurl(path) for path in sorted(directory.glob("*.hurl"))}


# ---------------------------------------------------------------------------------------------
# Common forms of both sides


def normalize_placeholders(text: str) -> str:
    """`{{ name }}` and `{{name}}` are the same placeholder."""
    return PLACEHOLDER.sub(lambda m: "{{" + m.group(1) + "}}", text)


def normalize_json(document: Any) -> Any:
    if isinstance(document, str):
        return normalize_placeholders(document)
    if isinstance(document, list):
        return [normalize_json(item) for item in document]
    if isinstance(document, dict):
        return {normalize_placeholders(k): normalize_json(v) for k, v in document.items()}
    return document


def canonical_json(document: Any) -> str:
    """Text that tells `true` from `1` and `1` from `1.0`; objects compare without key order."""
    return json.dumps(normalize_json(document), sort_keys=True, ensure_ascii=False)


def tagged(value: Any) -> Any:
    """A port expected value in the parser's tagged form; `Var(x)` is the unquoted `{{x}}`."""
    if isinstance(value, Var):
        return ("var", value.name)
    if isinstance(value, bool):
        return ("bool", value)
    if value is None:
        return ("null",)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", value)
    if isinstance(value, str):
        return ("str", normalize_placeholders(value))
    return ("other", repr(value))


def port_assert(check: Check) -> tuple[str, bool, bool, str, Any]:
    """A port check in the official assert form (the predicate mapped back by `PREDICATES`)."""
    official_names = {op: name for name, op in PREDICATES.items()}
    predicate = official_names.get(check.op, f"<unmapped op {check.op!r}>")
    if check.op in VALUELESS:
        expected = NO_VALUE if check.expected is None else ("unexpected value", tagged(check.expected))
    else:
        expected = tagged(check.expected)
    return check.query, check.count, check.negate, predicate, expected


def show_assert(item: tuple[str, bool, bool, str, Any] | None) -> str:
    if item is None:
        return "<none>"
    query, count, negate, predicate, value = item
    words = [f'jsonpath "{query}"', *(["count"] if count else []), *(["not"] if negate else []), predicate]
    if value != NO_VALUE:
        words.append(repr(value))
    return " ".join(words)


# ---------------------------------------------------------------------------------------------
# The comparison


def compare_entry(where: str, official: HurlEntry, port: Entry) -> list[str]:
    problems: list[str] = []

    def differ(name: str, expected: Any, actual: Any) -> None:
        if expected != actual:
            problems.append(f"{where}: {name}: official {expected!r} != port {actual!r}")

    differ("method", official.method, port.method)
    differ("path", official.path, normalize_placeholders(port.path))
    differ("headers", official.headers, [(k, normalize_placeholders(v)) for k, v in port.headers])
    if official.body is None or port.body is None:
        differ("body", official.body, port.body)
    else:
        differ("body", canonical_json(official.body), canonical_json(port.body))
    differ("status", official.status, port.status)
    differ("captures", official.captures, [(c.name, c.query) for c in port.captures])
    port_asserts = [port_assert(c) for c in port.checks]
    if len(official.asserts) != len(port_asserts):
        problems.append(f"{where}: number of asserts: official {len(official.asserts)} != port {len(port_asserts)}")
    for i, (expected, actual) in enumerate(zip_longest(official.asserts, port_asserts), start=1):
        if expected != actual:
            problems.append(f"{where}: assert {i}: official {show_assert(expected)} != port {show_assert(actual)}")
    return problems


def port_file(name: str) -> SuiteFile:
    return next(f for f in FILES if f.name == name)


@pytest.mark.parametrize("name", [f.name for f in FILES])
def test_port_file_matches_the_official_file(name: str) -> None:
    files = official_files()
    assert name in files, f"{name}.hurl: no such official file in {official_dir()}"
    official = files[name]
    port = port_file(name).entries
    problems: list[str] = []
    if len(official) != len(port):
        problems.append(f"{name}.hurl: number of entries: official {len(official)} != port {len(port)}")
    for number, (expected, actual) in enumerate(zip(official, port, strict=False), start=1):
        where = f"{name}.hurl entry {number} (line {expected.line}, {expected.title!r})"
        problems += compare_entry(where, expected, actual)
    assert not problems, "\n".join(problems)


def test_file_order_matches_the_official_files() -> None:
    assert [f.name for f in FILES] == list(official_files())


def test_totals_match_the_official_files() -> None:
    files = official_files()
    entries = sum(len(e) for e in files.values())
    asserts = sum(len(entry.asserts) for e in files.values() for entry in e)
    assert len(files) == 13
    assert all(entry.status is not None for e in files.values() for entry in e)
    assert entries == EXPECTED_ENTRIES, f"official entries: {entries}"
    assert asserts == EXPECTED_ASSERTS, f"official asserts: {asserts}"
    assert entries + asserts == EXPECTED_CHECKS
    assert SUITE.request_count == entries, f"port entries: {SUITE.request_count}"
    assert sum(len(e.checks) for f in FILES for e in f.entries) == asserts
    assert SUITE.check_count == entries + asserts, f"port checks: {SUITE.check_count}"


def test_parser_reads_the_hurl_forms_the_files_use(tmp_path: Path) -> None:
    """The parser itself, on a file written here (runs without the official files)."""
    sample = tmp_path / "sample.hurl"
    sample.write_text(
        "# File header\n\n"
        "# Create\n"
        "POST {{host}}/api/things?x={{ uid }}\n"
        "Authorization: Token {{token}}\n"
        '{\n  "thing": {"name": "n_{{uid}}", "n": null, "ok": true}\n}\n'
        "HTTP 201\n"
        "[Asserts]\n"
        'jsonpath "$.thing.name" == "n_{{uid}}"\n'
        'jsonpath "$.thing.tags" count >= 1\n'
        'jsonpath "$.thing.body" not exists\n'
        'jsonpath "$.thing.id" != {{old_id}}\n'
        'jsonpath "$.thing.at" matches "^\\\\d{4}\\"x"\n'
        'jsonpath "$.thing.n" == 0\n'
        "[Captures]\n"
        'id: jsonpath "$.thing.id"\n\n'
        "# Read\nGET {{host}}/api/things/{{id}}\nHTTP 200\n",
        encoding="utf-8",
    )
    first, second = parse_hurl(sample)
    assert (first.title, first.method, first.path) == ("Create", "POST", "/api/things?x={{uid}}")
    assert first.headers == [("Authorization", "Token {{token}}")]
    assert first.body == {"thing": {"name": "n_{{uid}}", "n": None, "ok": True}}
    assert first.status == 201
    assert first.captures == [("id", "$.thing.id")]
    assert first.asserts == [
        ("$.thing.name", False, False, "==", ("str", "n_{{uid}}")),
        ("$.thing.tags", True, False, ">=", ("int", 1)),
        ("$.thing.body", False, True, "exists", NO_VALUE),
        ("$.thing.id", False, False, "!=", ("var", "old_id")),
        ("$.thing.at", False, False, "matches", ("str", '^\\d{4}"x')),
        ("$.thing.n", False, False, "==", ("int", 0)),
    ]
    assert (second.method, second.path, second.body, second.status) == ("GET", "/api/things/{{id}}", None, 200)
    assert port_assert(Check("$.thing.n", "==", False)) != first.asserts[-1]
    bad = tmp_path / "bad.hurl"
    bad.write_text('GET {{host}}/x\nHTTP 200\n[Asserts]\njsonpath "$.a" startsWith "x"\n', encoding="utf-8")
    with pytest.raises(HurlParseError, match=r"bad\.hurl:4"):
        parse_hurl(bad)


# ---------------------------------------------------------------------------------------------
# Scoring: what Hurl counts when the server misbehaves, derived from the official files
#
# A proxy in front of the reference backend (which scores 538/538) changes its answers in one way;
# the reference still does the work, so its state stays what the suite expects. Under Hurl's rules
# (request rendered -> sent -> implicit status assert -> captures -> explicit asserts, and the next
# entry runs whatever happened) each official entry's outcome follows from the file alone:
#   not sent  a variable of its request is unset           0 passed
#   status    the proxy changes its status                  0 passed
#   capture   a capture selects what the proxy removed      1 passed (the status)
#   ok        otherwise; an assert fails when it needs an unset variable or reads a removed
#             field (a missing value passes only a negated predicate)


@dataclass(frozen=True)
class Misbehaviour:
    name: str
    # (method, path) -> the status sent instead of a right one, or None to keep it.
    status: Any = None
    # (method, path, request body) -> the fields removed from the JSON answer ("$.article.slug").
    drop: Any = None
    # Tokens in user answers become "", and a request presenting an empty token is refused with 401.
    empty_tokens: bool = False
    # The official files run behind this proxy (those the misbehaviour touches); None for all.
    files: tuple[str, ...] | None = None

    def __str__(self) -> str:
        return self.name


ONE_ARTICLE = re.compile(r"^/api/articles/[^/?]+$")
COMMENTS = re.compile(r"^/api/articles/[^/?]+/comments$")

WRONG_CREATE_STATUS = Misbehaviour("200 instead of 201", status=lambda m, p, s: 200 if s == 201 else None)
REJECTED_UPDATE = Misbehaviour(
    "422 to a valid update",
    status=lambda m, p, s: 422 if (m, s) == ("PUT", 200) and ONE_ARTICLE.match(p) else None,
    files=("articles", "errors_articles", "errors_authorization"),
)


def _dropped_ids(method: str, path: str, sent: Any) -> tuple[str, ...]:
    """The slug of articles.hurl's article (the other files' creates keep theirs), every comment id."""
    title = sent.get("article", {}).get("title", "") if isinstance(sent, dict) else ""
    if (method, path) == ("POST", "/api/articles") and title.startswith("Test Article"):
        return ("$.article.slug",)
    return ("$.comment.id",) if method == "POST" and COMMENTS.match(path) else ()


DROPPED_IDS = Misbehaviour(
    "no slug or comment id in creates", drop=_dropped_ids, files=("articles", "comments", "errors_comments")
)
EMPTY_TOKENS = Misbehaviour("empty tokens", empty_tokens=True, files=("auth", "feed"))


def _placeholders(document: Any) -> set[str]:
    return set(PLACEHOLDER.findall(canonical_json(document) if not isinstance(document, str) else document))


def _uses(value: Any) -> set[str]:
    if value[0] == "var":
        return {value[1]}
    return set(PLACEHOLDER.findall(value[1])) if value[0] == "str" else set()


@dataclass(frozen=True)
class Expected:
    """What Hurl's rules decide about one entry: its kind, and for an entry that stopped, its counts.

    For an entry that ran to its asserts the counts depend on what the server answers (its state
    changed with what was not sent); the rules decide only which asserts must fail (`must_fail`:
    they need an unset variable, or read a field the proxy removed).
    """

    kind: str
    passed: int | None = None
    failed: int | None = None
    must_fail: tuple[int, ...] = ()


def expected_outcomes(entries: list[HurlEntry], misbehaviour: Misbehaviour) -> list[Expected]:
    """What Hurl's rules decide about each entry of one official file."""
    defined = {"uid"}
    outcomes: list[Expected] = []
    for entry in entries:
        checks = 1 + len(entry.asserts)
        needed = _placeholders(entry.path) | {v for _, h in entry.headers for v in _placeholders(h)}
        needed |= _placeholders(entry.body) if entry.body is not None else set()
        if not needed <= defined:
            outcomes.append(Expected("not sent", 0, checks))
            continue
        shape = PLACEHOLDER.sub("x", entry.path)
        changed = misbehaviour.status(entry.method, shape, entry.status) if misbehaviour.status else None
        if changed is None and misbehaviour.empty_tokens and entry.headers:
            changed = 401
        if changed is not None and changed != entry.status:
            outcomes.append(Expected("status", 0, checks))
            continue
        dropped = misbehaviour.drop(entry.method, shape, entry.body) if misbehaviour.drop else ()
        failed_capture = False
        for name, query in entry.captures:
            if any(query.startswith(d) for d in dropped):
                failed_capture = True
                break
            defined.add(name)
        if failed_capture:
            outcomes.append(Expected("capture", 1, checks - 1))
            continue
        must_fail = tuple(
            number
            for number, (query, _count, negate, _predicate, value) in enumerate(entry.asserts, start=1)
            if (value != NO_VALUE and not _uses(value) <= defined)
            or (any(query.startswith(d) for d in dropped) and not negate)
        )
        outcomes.append(Expected("ok", must_fail=must_fail))
    return outcomes


def _as_decided(outcome: RequestOutcome, expected: Expected) -> Expected:
    """The port's outcome in the terms of `expected`: counts where the rules decide them."""
    kind = _kind(outcome)
    if expected.kind != "ok" or kind != "ok":
        return Expected(kind, outcome.passed, outcome.failed)
    failing = tuple(i for i in expected.must_fail if not outcome.assertions[i].passed)
    return Expected(kind, must_fail=failing)


def _kind(outcome: RequestOutcome) -> str:
    if outcome.status is None:
        return "not sent" if outcome.transport_failure == "not_sent" else "transport"
    if not outcome.assertions[0].passed:
        return "status"
    return "capture" if outcome.error and outcome.error.startswith("capture ") else "ok"


class _Proxy(QuietHandler):
    """Forwards to the reference and misbehaves in one way; records the Authorization values it gets."""

    protocol_version = "HTTP/1.1"
    upstream: httpx.Client
    misbehaviour: Misbehaviour
    authorizations: list[str]

    def _forward(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        authorization = self.headers.get("Authorization")
        if authorization is not None:
            self.authorizations.append(authorization)
        if self.misbehaviour.empty_tokens and authorization is not None and not authorization.partition(" ")[2].strip():
            self._send(401, json.dumps({"errors": {"token": ["is missing"]}}).encode())
            return
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
        answer = self.upstream.request(self.command, self.path, content=body, headers=headers)
        status, content, path = answer.status_code, answer.content, self.path.split("?")[0]
        if self.misbehaviour.status is not None:
            status = self.misbehaviour.status(self.command, path, status) or status
        document = json.loads(content) if content.strip() else None
        if self.misbehaviour.drop is not None and document is not None:
            for query in self.misbehaviour.drop(self.command, path, json.loads(body) if body else None):
                *parents, leaf = query.removeprefix("$.").split(".")
                target = document
                for key in parents:
                    target = target.get(key, {}) if isinstance(target, dict) else {}
                if isinstance(target, dict):
                    target.pop(leaf, None)
        if self.misbehaviour.empty_tokens and isinstance(document, dict) and isinstance(document.get("user"), dict):
            document["user"]["token"] = ""
        self._send(status, b"" if document is None else json.dumps(document).encode())

    do_GET = do_POST = do_PUT = do_DELETE = _forward


class _BehindProxies:
    """A suite for `evaluate`: the port behind each proxy in turn, against the one reference server."""

    name = "hurl-v2"

    def __init__(self, misbehaviours: list[Misbehaviour]) -> None:
        self.misbehaviours = misbehaviours
        self.results: dict[str, tuple[SuiteResult, list[str]]] = {}

    def run(self, client: httpx.Client, on_request: Any = None) -> SuiteResult:
        for misbehaviour in self.misbehaviours:
            files = tuple(f for f in FILES if misbehaviour.files is None or f.name in misbehaviour.files)
            with httpx.Client(base_url=str(client.base_url), timeout=10) as upstream:
                seen: list[str] = []
                attributes = {"upstream": upstream, "misbehaviour": misbehaviour, "authorizations": seen}
                with serving(type("Proxy", (_Proxy,), attributes)) as url, BoundedClient(url, RequestLimits()) as near:
                    self.results[misbehaviour.name] = (HurlV2Suite(files=files).run(near), seen)
        return self.results[self.misbehaviours[0].name][0]


MISBEHAVIOURS = [WRONG_CREATE_STATUS, REJECTED_UPDATE, DROPPED_IDS, EMPTY_TOKENS]


@pytest.fixture(scope="module")
def misbehaving_runs(sqlite) -> dict[str, tuple[SuiteResult, list[str]]]:
    require_official_dir()
    suite = _BehindProxies(MISBEHAVIOURS)
    options = EvalOptions(limits=AppLimits(startup_s=30.0, stop_grace_s=1.0))
    result = evaluate(reference_path(), [suite], sqlite, options)
    assert result.startup.ok, result.startup
    return suite.results


def _official(misbehaviour: Misbehaviour) -> dict[str, list[HurlEntry]]:
    """The official files the misbehaviour's run covers."""
    return {name: e for name, e in official_files().items() if misbehaviour.files is None or name in misbehaviour.files}


def _official_entries(misbehaviour: Misbehaviour) -> list[HurlEntry]:
    return [entry for entries in _official(misbehaviour).values() for entry in entries]


def _official_expectation(misbehaviour: Misbehaviour) -> list[Expected]:
    return [o for entries in _official(misbehaviour).values() for o in expected_outcomes(entries, misbehaviour)]


@pytest.mark.parametrize("misbehaviour", MISBEHAVIOURS, ids=str)
def test_each_entry_scores_as_hurl_rules_decide(misbehaviour: Misbehaviour, misbehaving_runs) -> None:
    result, authorizations = misbehaving_runs[misbehaviour.name]
    expected = _official_expectation(misbehaviour)
    assert len(result.requests) == len(expected)
    differences = [
        f"{outcome.name}: official rules {want} != port {_as_decided(outcome, want)}"
        for outcome, want in zip(result.requests, expected, strict=True)
        if _as_decided(outcome, want) != want
    ]
    assert not differences, "\n".join(differences)
    assert result.total == sum(1 + len(e.asserts) for e in _official_entries(misbehaviour))
    # Every Authorization header reached the server as written, an empty token's trailing space too.
    sent_with_auth = [
        r for r, e in zip(result.requests, _official_entries(misbehaviour), strict=True) if e.headers and r.status
    ]
    assert len(authorizations) == len(sent_with_auth)
    if misbehaviour.empty_tokens:
        assert sent_with_auth and set(authorizations) == {"Token "}
    stopped = [r for r, e in zip(result.requests, expected, strict=True) if e.kind != "ok"]
    for outcome in stopped:
        assert all(a.message for a in outcome.assertions if not a.passed), outcome.name


def test_wrong_statuses_on_creates_credit_only_what_hurl_evaluates(misbehaving_runs) -> None:
    result, _ = misbehaving_runs[WRONG_CREATE_STATUS.name]
    assert (result.total, len(result.requests)) == (EXPECTED_CHECKS, EXPECTED_ENTRIES)
    entries = _official_entries(WRONG_CREATE_STATUS)
    creates = [r for r, e in zip(result.requests, entries, strict=True) if e.status == 201 and r.status is not None]
    assert creates and all(r.status == 200 and r.passed == 0 for r in creates)
    first_create = next(r for r in creates if len(r.assertions) > 1)
    assert first_create.assertions[1].message == "not evaluated: the status was 200, not 201"
    # Nothing captured from a create: what needs its token or slug is never sent.
    unsent = [r for r in result.requests if r.transport_failure == "not_sent"]
    assert len(unsent) == sum(e.kind == "not sent" for e in _official_expectation(WRONG_CREATE_STATUS))
    assert not any("{{" in r.path for r in result.requests if r.status is not None)


def test_a_rejected_update_earns_nothing_from_its_plausible_body(misbehaving_runs) -> None:
    result, _ = misbehaving_runs[REJECTED_UPDATE.name]
    update = next(
        r for r in result.requests if r.name == "articles#13 Update article: remove all tags with empty array"
    )
    assert update.status == 422 and (update.passed, update.failed) == (0, 3)
    assert [a.name for a in update.assertions][1] == "$.article.tagList isList"


def test_a_dropped_capture_ends_its_entry_and_keeps_later_entries_unsent(misbehaving_runs) -> None:
    result, _ = misbehaving_runs[DROPPED_IDS.name]
    create = next(r for r in result.requests if r.name == "articles#2 Create article with tags")
    assert create.status == 201 and (create.passed, create.failed) == (1, 13)
    assert create.error == "capture 'slug' failed: $.article.slug selects nothing"
    comments = [r for r in result.requests if r.name.startswith("comments#")]
    assert any(r.error == "capture 'comment_id' failed: $.comment.id selects nothing" for r in comments)
