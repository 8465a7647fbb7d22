"""The postman-v1 port: its requests, its JavaScript semantics, its scripts, and a run over real HTTP."""

from __future__ import annotations

import json
import math
import re
import socket
from typing import Any

import httpx
import pytest

from evals.results import RequestOutcome
from evals.suites.postman_v1 import FRESH_DB_ASSERTIONS, REQUESTS, SUITE, PostmanV1Suite, js, new_user_variables
from evals.suites.postman_v1 import scripts as sc
from evals.suites.postman_v1.runner import assertion_outcomes
from evals.suites.postman_v1.scripts import ISO_8601, ScriptContext
from evals.suites.postman_v1.variables import Globals, percent_encode, request_target, substitute
from evals.suites.registry import load_suite
from tests.tiny_conduit import tiny_conduit

# --- the requests ------------------------------------------------------------------------------------

EXPECTED = [
    ("Auth", "Register", "POST", "{{APIURL}}/users", False),
    ("Auth", "Login", "POST", "{{APIURL}}/users/login", False),
    ("Auth", "Login and Remember Token", "POST", "{{APIURL}}/users/login", False),
    ("Auth", "Current User", "GET", "{{APIURL}}/user", True),
    ("Auth", "Update User", "PUT", "{{APIURL}}/user", True),
    ("Articles", "All Articles", "GET", "{{APIURL}}/articles", False),
    ("Articles", "Articles by Author", "GET", "{{APIURL}}/articles?author=johnjacob", False),
    ("Articles", "Articles Favorited by Username", "GET", "{{APIURL}}/articles?favorited={{USERNAME}}", False),
    ("Articles", "Articles by Tag", "GET", "{{APIURL}}/articles?tag=dragons", False),
    ("Articles, Favorite, Comments", "Create Article", "POST", "{{APIURL}}/articles", True),
    ("Articles, Favorite, Comments", "Feed", "GET", "{{APIURL}}/articles/feed", True),
    ("Articles, Favorite, Comments", "All Articles", "GET", "{{APIURL}}/articles", True),
    ("Articles, Favorite, Comments", "All Articles with auth", "GET", "{{APIURL}}/articles", True),
    ("Articles, Favorite, Comments", "Articles by Author", "GET", "{{APIURL}}/articles?author={{USERNAME}}", True),
    (
        "Articles, Favorite, Comments",
        "Articles by Author with auth",
        "GET",
        "{{APIURL}}/articles?author={{USERNAME}}",
        True,
    ),
    ("Articles, Favorite, Comments", "Single Article by slug", "GET", "{{APIURL}}/articles/{{slug}}", True),
    ("Articles, Favorite, Comments", "Articles by Tag", "GET", "{{APIURL}}/articles?tag=dragons", True),
    ("Articles, Favorite, Comments", "Update Article", "PUT", "{{APIURL}}/articles/{{slug}}", True),
    ("Articles, Favorite, Comments", "Favorite Article", "POST", "{{APIURL}}/articles/{{slug}}/favorite", True),
    (
        "Articles, Favorite, Comments",
        "Articles Favorited by Username",
        "GET",
        "{{APIURL}}/articles?favorited={{USERNAME}}",
        True,
    ),
    (
        "Articles, Favorite, Comments",
        "Articles Favorited by Username with auth",
        "GET",
        "{{APIURL}}/articles?favorited={{USERNAME}}",
        True,
    ),
    ("Articles, Favorite, Comments", "Unfavorite Article", "DELETE", "{{APIURL}}/articles/{{slug}}/favorite", True),
    (
        "Articles, Favorite, Comments",
        "Create Comment for Article",
        "POST",
        "{{APIURL}}/articles/{{slug}}/comments",
        True,
    ),
    ("Articles, Favorite, Comments", "All Comments for Article", "GET", "{{APIURL}}/articles/{{slug}}/comments", True),
    (
        "Articles, Favorite, Comments",
        "All Comments for Article without login",
        "GET",
        "{{APIURL}}/articles/{{slug}}/comments",
        False,
    ),
    (
        "Articles, Favorite, Comments",
        "Delete Comment for Article",
        "DELETE",
        "{{APIURL}}/articles/{{slug}}/comments/{{commentId}}",
        True,
    ),
    ("Articles, Favorite, Comments", "Delete Article", "DELETE", "{{APIURL}}/articles/{{slug}}", True),
    ("Profiles", "Register Celeb", "POST", "{{APIURL}}/users", False),
    ("Profiles", "Profile", "GET", "{{APIURL}}/profiles/celeb_{{USERNAME}}", True),
    ("Profiles", "Follow Profile", "POST", "{{APIURL}}/profiles/celeb_{{USERNAME}}/follow", True),
    ("Profiles", "Unfollow Profile", "DELETE", "{{APIURL}}/profiles/celeb_{{USERNAME}}/follow", True),
    ("Tags", "All Tags", "GET", "{{APIURL}}/tags", False),
]


def test_thirty_two_requests_in_collection_order() -> None:
    assert len(REQUESTS) == 32
    assert [(r.folder, r.name, r.method, r.url, r.authenticated) for r in REQUESTS] == EXPECTED


def test_headers_and_bodies() -> None:
    for request in REQUESTS:
        headers = dict(request.headers)
        assert headers["Content-Type"] == "application/json"
        assert headers["X-Requested-With"] == "XMLHttpRequest"
        assert headers.get("Authorization") == ("Token {{token}}" if request.authenticated else None)
        if request.body:
            json.loads(re.sub(r"\{\{\w+}}", "x", request.body))  # every body is JSON once substituted
    bodies = {r.name: r.body for r in REQUESTS if r.body}
    assert set(bodies) == {
        "Register",
        "Login",
        "Login and Remember Token",
        "Update User",
        "Create Article",
        "Update Article",
        "Create Comment for Article",
        "Register Celeb",
        "Follow Profile",
    }
    article = json.loads(bodies["Create Article"])["article"]
    assert article["tagList"] == ["training", "dragons"]
    celeb = json.loads(re.sub(r"\{\{(\w+)}}", r"\1", bodies["Register Celeb"]))["user"]
    assert celeb == {"email": "celeb_EMAIL", "password": "PASSWORD", "username": "celeb_USERNAME"}


def test_only_the_two_deletes_have_no_script() -> None:
    assert [r.name for r in REQUESTS if r.script is None] == ["Delete Comment for Article", "Delete Article"]


def test_suite_object_and_registry() -> None:
    assert SUITE.name == "postman-v1"
    assert load_suite("postman-v1").name == "postman-v1"
    assert FRESH_DB_ASSERTIONS == 311


def test_user_variables_follow_the_official_script() -> None:
    first, second = new_user_variables(), new_user_variables()
    assert re.fullmatch(r"u\d{10}", first["USERNAME"])
    assert first["EMAIL"] == first["USERNAME"] + "@mail.com"
    assert first["PASSWORD"] == "password"
    assert first["USERNAME"] != second["USERNAME"]


# --- JavaScript semantics ------------------------------------------------------------------------------


def test_undefined_is_falsy_and_distinct_from_null() -> None:
    assert not js.UNDEFINED and js.UNDEFINED is not None and repr(js.UNDEFINED) == "undefined"


@pytest.mark.parametrize("value", [js.UNDEFINED, None, False, 0, 0.0, -0.0, math.nan, ""])
def test_falsy_values(value: Any) -> None:
    assert not js.truthy(value)


@pytest.mark.parametrize("value", [[], {}, "0", "false", " ", 1, -1, 0.5, True, math.inf])
def test_truthy_values(value: Any) -> None:
    assert js.truthy(value)


def test_or_keeps_truthy_left_side() -> None:
    fallback: dict[str, Any] = {}
    assert js.or_(None, fallback) is fallback
    assert js.or_(js.UNDEFINED, fallback) is fallback
    assert js.or_(0, fallback) is fallback and js.or_("", fallback) is fallback
    empty_list: list[Any] = []
    assert js.or_(empty_list, fallback) is empty_list
    assert js.or_("x", fallback) == "x"


@pytest.mark.parametrize("target", [None, js.UNDEFINED])
def test_property_access_on_null_and_undefined_throws(target: Any) -> None:
    with pytest.raises(js.ScriptError, match=r"Cannot read properties of (null|undefined) \(reading 'length'\)"):
        js.get(target, "length")
    with pytest.raises(js.ScriptError, match="TypeError"):
        js.get(target, 0)


def test_property_access_on_values() -> None:
    assert js.get({"a": 1}, "a") == 1
    assert js.get({"a": 1}, "b") is js.UNDEFINED
    assert js.get({"0": "x"}, 0) == "x"
    assert js.get([5, 6], 0) == 5 and js.get([5, 6], 2) is js.UNDEFINED and js.get([5, 6], "length") == 2
    assert js.get([5, 6], "1") == 6 and js.get([5, 6], "01") is js.UNDEFINED
    assert js.get("ab", "length") == 2 and js.get("ab", 0) == "a" and js.get("ab", 5) is js.UNDEFINED
    assert js.get("😀", "length") == 2  # UTF-16 code units
    assert js.get(3, "length") is js.UNDEFINED and js.get(True, "articles") is js.UNDEFINED


def test_has_own_property() -> None:
    assert js.has_own_property({"a": None}, "a") is True
    assert js.has_own_property({"a": 1}, "b") is False
    assert js.has_own_property("text", "user") is False and js.has_own_property(3, "user") is False
    assert js.has_own_property(False, "user") is False
    assert js.has_own_property([], "title") is False and js.has_own_property([], "length") is True
    assert js.has_own_property(["x"], "0") is True
    for nullish in (None, js.UNDEFINED):
        with pytest.raises(js.ScriptError, match=r"\(reading 'hasOwnProperty'\)"):
            js.has_own_property(nullish, "user")
    with pytest.raises(js.ScriptError, match=r"responseJSON\.hasOwnProperty is not a function"):
        js.has_own_property({"hasOwnProperty": 1}, "user", expression="responseJSON")


def test_json_parse() -> None:
    assert js.json_parse('{"a": [1, 2.5, null, true]}') == {"a": [1, 2.5, None, True]}
    assert js.json_parse('\ufeff{"a": 1}') == {"a": 1}
    assert js.json_parse("3") == 3 and js.json_parse('"s"') == "s" and js.json_parse("null") is None
    for bad in ("", "   ", "<html></html>", "OK", "NaN", '{"a": Infinity}', "{'a': 1}", "[1,]", js.UNDEFINED):
        with pytest.raises(js.ScriptError):
            js.json_parse(bad)
    with pytest.raises(js.ScriptError, match='"undefined" is not valid JSON'):
        js.json_parse(js.UNDEFINED)


def test_number_is_integer() -> None:
    assert js.is_integer(3) and js.is_integer(3.0) and js.is_integer(-0.0) and js.is_integer(10**30)
    for value in (3.5, True, False, "3", None, js.UNDEFINED, math.inf, math.nan, [3], 10**400):
        assert not js.is_integer(value)


def test_array_is_array() -> None:
    assert js.is_array([]) and not js.is_array({}) and not js.is_array("[]") and not js.is_array(js.UNDEFINED)


def test_strict_equality() -> None:
    assert js.strict_equals(1, 1.0) and js.strict_equals(0, -0.0)
    assert not js.strict_equals(1, True) and not js.strict_equals("1", 1) and not js.strict_equals(None, js.UNDEFINED)
    assert js.strict_equals(True, True) and not js.strict_equals(True, 1)
    assert js.strict_equals(js.UNDEFINED, js.UNDEFINED) and js.strict_equals(None, None)
    shared: dict[str, Any] = {}
    assert js.strict_equals(shared, shared) and not js.strict_equals({}, {})
    assert not js.strict_equals(math.nan, math.nan)


def test_greater_than_coerces_like_javascript() -> None:
    assert js.greater_than(1, 0) and js.greater_than(True, 0) and js.greater_than("2", 0)
    assert js.greater_than(" 5 ", 0) and js.greater_than([3], 0) and js.greater_than("0x10", 0)
    for value in (0, None, False, js.UNDEFINED, "abc", "", [], {}, [1, 2], "1_0", "inf"):
        assert not js.greater_than(value, 0), value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (js.UNDEFINED, "undefined"),
        (None, "null"),
        (True, "true"),
        (1, "1"),
        (1.0, "1"),
        (-0.0, "0"),
        (1.5e-7, "1.5e-7"),
        (0.000001, "0.000001"),
        (1e21, "1e+21"),
        (123456789012345680000.0, "123456789012345680000"),
        (12345678901234567890, "12345678901234567000"),
        (0.1, "0.1"),
        (math.inf, "Infinity"),
        ("s", "s"),
        (["x", None, ["y", 2]], "x,,y,2"),
        ({"a": 1}, "[object Object]"),
    ],
)
def test_to_string(value: Any, text: str) -> None:
    assert js.to_string(value) == text


def test_iso_8601_regex_is_the_javascript_one() -> None:
    for good in ("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.1+02:00", "12024-12-31T23:59:59.123456Z"):
        assert ISO_8601.test(good), good
    for bad in (
        "2024-01-01T00:00:00Z",  # no fraction
        "2024-01-01T00:00:00.000Z\n",  # JavaScript's $ does not match before a final newline
        "2024-01-01T00:00:00\n000Z",  # nor does . match a line terminator
        "\uff12\uff10\uff12\uff14-01-01T00:00:00.000Z",  # \\d is ASCII only (fullwidth digits)
        "2024-01-01 00:00:00.000Z",
        js.UNDEFINED,
        None,
        1700000000000,
    ):
        assert not ISO_8601.test(bad), bad
    assert ISO_8601.test(["2024-01-01T00:00:00.000Z"])  # an array converts to its only item
    assert js.JsRegExp("^undefined$").test(js.UNDEFINED)


# --- variables and URLs ---------------------------------------------------------------------------------


def test_substitution() -> None:
    variables = Globals({"APIURL": "http://h:1/api", "USERNAME": "u1"})
    assert substitute("{{APIURL}}/profiles/celeb_{{USERNAME}}", variables) == "http://h:1/api/profiles/celeb_u1"
    assert substitute("Token {{token}}", variables) == "Token {{token}}"  # never set: stays literal
    for value, text in [(None, "null"), (js.UNDEFINED, "null"), (1.5e-7, "1.5e-7"), ({"a": 1}, "[object Object]")]:
        variables.set("token", value)
        assert substitute("Token {{token}}", variables) == f"Token {text}"
    variables.set("token", "{{USERNAME}}")
    assert substitute("Token {{token}}", variables) == "Token u1"  # substituted again


def test_request_target_encodes_like_postman() -> None:
    api = "http://127.0.0.1:8090/api"
    assert request_target(api + "/articles?author=u1", api) == "/api/articles?author=u1"
    assert request_target(api + "/articles/a b{c}?x=1 2#frag", api) == "/api/articles/a%20b%7Bc%7D?x=1%202"
    assert request_target(api + "/articles/{{slug}}", api) == "/api/articles/%7B%7Bslug%7D%7D"
    assert request_target(api + "/articles/é|^[]`%41%zz", api) == "/api/articles/%C3%A9|^[]%60%41%zz"
    assert percent_encode("a=b&c", frozenset(b"&")) == "a=b%26c"


# --- the scripts, one by one ------------------------------------------------------------------------------


def _run(script: sc.Script, body: Any, code: int | None = 200, **environment: Any) -> tuple[ScriptContext, str | None]:
    context = ScriptContext(response_code=code, response_body=body, globals=Globals(), environment=environment)
    try:
        script(context)
    except js.ScriptError as exc:
        return context, str(exc)
    return context, None


USER = {"user": {"email": "e", "username": "u", "bio": None, "image": None, "token": "t"}}
ARTICLE = {
    "title": "t",
    "slug": "s",
    "body": "b",
    "createdAt": "2024-01-01T00:00:00.000Z",
    "updatedAt": "2024-01-01T00:00:00.000Z",
    "description": "d",
    "tagList": ["dragons", "training"],
    "author": {},
    "favorited": True,
    "favoritesCount": 1,
}


def test_user_scripts() -> None:
    context, error = _run(sc.user_response, json.dumps(USER))
    assert error is None and len(context.tests) == 6 and all(context.tests.values())
    context, error = _run(sc.register, json.dumps(USER), isIntegrationTest=True)
    assert error is None and context.tests == {}
    context, error = _run(sc.register, "")
    assert error is not None and context.tests == {}
    context, error = _run(sc.user_response, json.dumps({"user": None}))
    assert error is None and list(context.tests.values()) == [True, False, False, False, False, False]


def test_login_and_remember_token_sets_the_global() -> None:
    context, error = _run(sc.login_and_remember_token, json.dumps(USER))
    assert error is None and len(context.tests) == 7 and all(context.tests.values())
    assert context.globals.get("token") == "t"
    context, error = _run(sc.login_and_remember_token, json.dumps({"user": {"email": "e"}}))
    assert context.tests['Global variable "token" has been set'] is True  # undefined === undefined
    assert context.globals.get("token") is js.UNDEFINED


def test_list_script_branches() -> None:
    empty = {"articles": [], "articlesCount": 0}
    context, error = _run(sc.article_list, json.dumps(empty))
    assert error is None and len(context.tests) == 5 and all(context.tests.values())
    full = {"articles": [{k: v for k, v in ARTICLE.items() if k != "body"}], "articlesCount": 1}
    context, error = _run(sc.article_list, json.dumps(full))
    assert error is None and len(context.tests) == 17 and all(context.tests.values())
    context, error = _run(sc.article_list, json.dumps({"articlesCount": 0}))
    assert error is not None and "reading 'length'" in error and len(context.tests) == 4
    context, error = _run(sc.article_list, "", code=500)
    assert error is None and context.tests == {"Response code is 200 OK": False}
    context, error = _run(sc.article_list, js.UNDEFINED, code=None)
    assert error is None and context.tests == {"Response code is 200 OK": False}


def test_tag_order_script_needs_an_article() -> None:
    listing = {"articles": [ARTICLE], "articlesCount": 1}
    context, error = _run(sc.articles_by_tag_after_create, json.dumps(listing))
    assert error is None and len(context.tests) == 20 and all(context.tests.values())
    unsorted = {"articles": [{**ARTICLE, "tagList": ["training", "dragons"]}], "articlesCount": 1}
    context, _ = _run(sc.articles_by_tag_after_create, json.dumps(unsorted))
    assert sum(not v for v in context.tests.values()) == 2
    context, error = _run(sc.articles_by_tag_after_create, json.dumps({"articles": [], "articlesCount": 0}))
    assert error is not None and list(context.tests)[-1] == "An article was returned"
    assert context.tests["An article was returned"] is False and len(context.tests) == 5


def test_single_article_scripts() -> None:
    for script, count in [
        (sc.create_article, 15),
        (sc.single_article, 15),
        (sc.update_article, 15),
        (sc.favorite_article, 17),
        (sc.unfavorite_article, 16),
    ]:
        document = {"article": {**ARTICLE, "favorited": script is not sc.unfavorite_article}}
        context, error = _run(script, json.dumps(document))
        assert error is None and len(context.tests) == count and all(context.tests.values()), script.__name__
    context, _ = _run(sc.create_article, json.dumps({"article": ARTICLE}))
    assert context.globals.get("slug") == "s"


def test_comment_scripts() -> None:
    comment = {"id": 7, "body": "b", "createdAt": ARTICLE["createdAt"], "updatedAt": ARTICLE["updatedAt"], "author": {}}
    context, error = _run(sc.create_comment, json.dumps({"comment": comment}))
    assert error is None and len(context.tests) == 8 and context.globals.get("commentId") == 7
    context, error = _run(sc.comment_list, json.dumps({"comments": [comment]}))
    assert error is None and len(context.tests) == 9
    context, error = _run(sc.comment_list, json.dumps({"comments": []}))
    assert error is None and len(context.tests) == 2


def test_profile_and_tag_scripts() -> None:
    profile = {"profile": {"username": "u", "bio": None, "image": None, "following": True}}
    assert len(_run(sc.profile, json.dumps(profile))[0].tests) == 6
    assert len(_run(sc.follow_profile, json.dumps(profile))[0].tests) == 7
    context, _ = _run(sc.unfollow_profile, json.dumps(profile))
    assert context.tests['Profile\'s "following" property is false'] is False
    assert _run(sc.profile, json.dumps(profile), isIntegrationTest=1)[0].tests == {}
    context, error = _run(sc.all_tags, json.dumps({"tags": []}))
    assert error is None and len(context.tests) == 3 and all(context.tests.values())


def test_assertions_keep_the_last_value_of_a_name() -> None:
    outcomes = assertion_outcomes({"a": True, "b": False, "c": js.UNDEFINED})
    assert [(o.name, o.passed, o.message) for o in outcomes] == [
        ("a", True, ""),
        ("b", False, "expected false to be truthy"),
        ("c", False, "expected undefined to be truthy"),
    ]
    tests: dict[str, Any] = {}
    tests["x"] = False
    tests["x"] = True  # a name set twice is one entry, with the last value, as in the scripts' object
    assert [(o.name, o.passed) for o in assertion_outcomes(tests)] == [("x", True)]


# --- a run over real HTTP -----------------------------------------------------------------------------------


def test_run_over_http_counts_311_and_sends_what_the_collection_sends() -> None:
    variables = {"USERNAME": "u1700000000", "EMAIL": "u1700000000@mail.com", "PASSWORD": "password"}
    seen: list[RequestOutcome] = []
    with tiny_conduit() as (base_url, log), httpx.Client(base_url=base_url, timeout=10) as client:
        result = PostmanV1Suite(variables=variables).run(client, on_request=seen.append)

    assert result.suite == "postman-v1"
    assert (result.passed, result.total) == (FRESH_DB_ASSERTIONS, FRESH_DB_ASSERTIONS)
    assert [o.index for o in seen] == list(range(1, 33)) and seen == result.requests
    assert [len(r.assertions) for r in result.requests] == [
        6, 6, 7, 6, 6, 5, 5, 5, 5, 15, 5, 17, 17, 17, 17, 15, 20, 15, 17, 17, 17, 16, 8, 9, 9, 0, 0, 6, 6, 7, 7, 3,
    ]  # fmt: skip
    assert all(r.error is None for r in result.requests)

    assert len(log) == 32
    assert [entry["method"] for entry in log] == [r.method for r in REQUESTS]
    for entry, request in zip(log, REQUESTS, strict=True):
        assert entry["headers"]["Content-Type"] == "application/json"
        assert entry["headers"]["X-Requested-With"] == "XMLHttpRequest"
        assert entry["headers"].get("Authorization") == ("Token secret-token" if request.authenticated else None)
    assert json.loads(log[0]["body"]) == {
        "user": {"email": "u1700000000@mail.com", "password": "password", "username": "u1700000000"}
    }
    assert json.loads(log[27]["body"])["user"]["username"] == "celeb_u1700000000"
    assert log[7]["path"] == "/api/articles?favorited=u1700000000"
    assert log[25]["path"] == "/api/articles/how-to-train-your-dragon/comments/42"
    assert log[26]["path"] == "/api/articles/how-to-train-your-dragon"
    assert [r.path for r in result.requests] == [entry["path"] for entry in log]
    assert log[3]["body"] == "" and log[18]["body"] == ""


def test_run_against_nothing_listening() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        result = SUITE.run(client)
    assert len(result.requests) == 32
    assert (result.passed, result.total) == (0, 18)  # each "Response code is 200 OK" check, failed
    assert all(r.status is None and r.error and "ConnectError" in r.error for r in result.requests)
    register = result.requests[0]
    assert register.assertions == [] and "test script stopped" in (register.error or "")
    assert result.requests[15].path == "/api/articles/%7B%7Bslug%7D%7D"  # never captured
