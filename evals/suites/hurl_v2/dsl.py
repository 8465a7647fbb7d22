"""Compact constructors used by the per-file modules to declare entries and checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from evals.suites.hurl_v2.model import Capture, Check, Entry, Var
from evals.suites.hurl_v2.templating import placeholder

__all__ = [
    "Var",
    "absent",
    "count_eq",
    "count_ge",
    "delete",
    "eq",
    "error_is",
    "ge",
    "get",
    "has",
    "is_bool",
    "is_int",
    "is_list",
    "is_str",
    "matches",
    "ne",
    "not_empty",
    "post",
    "present",
    "put",
]


def _entry(
    method: str,
    title: str,
    path: str,
    body: Any,
    status: int,
    auth: str | None,
    checks: Iterable[Check],
    captures: Mapping[str, str] | None,
) -> Entry:
    headers = (("Authorization", "Token " + placeholder(auth)),) if auth else ()
    return Entry(
        title=title,
        method=method,
        path=path,
        status=status,
        headers=headers,
        body=body,
        checks=tuple(checks),
        captures=tuple(Capture(name, q) for name, q in (captures or {}).items()),
    )


def get(
    title: str,
    path: str,
    *,
    status: int,
    auth: str | None = None,
    checks: Iterable[Check] = (),
    captures: Mapping[str, str] | None = None,
) -> Entry:
    """A GET; `auth` names the variable holding the token sent as `Authorization: Token ...`."""
    return _entry("GET", title, path, None, status, auth, checks, captures)


def post(
    title: str,
    path: str,
    body: Any = None,
    *,
    status: int,
    auth: str | None = None,
    checks: Iterable[Check] = (),
    captures: Mapping[str, str] | None = None,
) -> Entry:
    return _entry("POST", title, path, body, status, auth, checks, captures)


def put(
    title: str,
    path: str,
    body: Any = None,
    *,
    status: int,
    auth: str | None = None,
    checks: Iterable[Check] = (),
    captures: Mapping[str, str] | None = None,
) -> Entry:
    return _entry("PUT", title, path, body, status, auth, checks, captures)


def delete(
    title: str,
    path: str,
    *,
    status: int,
    auth: str | None = None,
    checks: Iterable[Check] = (),
    captures: Mapping[str, str] | None = None,
) -> Entry:
    return _entry("DELETE", title, path, None, status, auth, checks, captures)


def eq(query: str, expected: Any) -> Check:
    return Check(query, "==", expected)


def ne(query: str, expected: Any) -> Check:
    return Check(query, "!=", expected)


def ge(query: str, expected: Any) -> Check:
    return Check(query, ">=", expected)


def is_str(query: str) -> Check:
    return Check(query, "isString")


def is_int(query: str) -> Check:
    return Check(query, "isInteger")


def is_bool(query: str) -> Check:
    return Check(query, "isBoolean")


def is_list(query: str) -> Check:
    return Check(query, "isList")


def matches(query: str, pattern: str) -> Check:
    return Check(query, "matches", pattern)


def has(query: str, item: Any) -> Check:
    """`contains`: an element of a list, or a substring of a string."""
    return Check(query, "contains", item)


def count_eq(query: str, n: int) -> Check:
    return Check(query, "==", n, count=True)


def count_ge(query: str, n: int) -> Check:
    return Check(query, ">=", n, count=True)


def present(query: str) -> Check:
    return Check(query, "exists")


def absent(query: str) -> Check:
    """`not exists`."""
    return Check(query, "exists", negate=True)


def not_empty(query: str) -> Check:
    return Check(query, "isEmpty", negate=True)


def error_is(key: str, message: str) -> Check:
    """The first message of the error list `errors.<key>`."""
    return eq(f"$.errors.{key}[0]", message)
