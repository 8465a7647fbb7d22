"""The data model of the ported suite: files made of entries, each with checks and captures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Op = Literal[
    "==",
    "!=",
    ">=",
    "isString",
    "isInteger",
    "isBoolean",
    "isList",
    "isEmpty",
    "exists",
    "matches",
    "contains",
]


@dataclass(frozen=True)
class Var:
    """A typed reference to a variable used as an expected value.

    A plain string such as `"{{slug}}"` is a template and always compares as a string;
    `Var("comment_id")` compares with the captured value itself (a number stays a number).
    """

    name: str


@dataclass(frozen=True)
class Check:
    """One jsonpath assertion: `query [count] [not] op expected`."""

    query: str
    op: Op
    expected: Any = None
    negate: bool = False
    # Apply the `count` filter (length of a list) to the query result before the predicate.
    count: bool = False


@dataclass(frozen=True)
class Capture:
    """Stores the value of a jsonpath query in a variable for the following entries of the file."""

    name: str
    query: str


@dataclass(frozen=True)
class Entry:
    """One request of a file, its expected status and its checks.

    `path`, header values and the strings of `body` are templates (`{{name}}`).
    `body` is a JSON document sent with `Content-Type: application/json`; None sends no body.
    """

    title: str
    method: str
    path: str
    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: Any = None
    checks: tuple[Check, ...] = ()
    captures: tuple[Capture, ...] = ()

    @property
    def check_count(self) -> int:
        """The status check plus one per jsonpath assertion."""
        return 1 + len(self.checks)


@dataclass(frozen=True)
class SuiteFile:
    """One file of the suite. Captured variables live only while its entries run."""

    name: str
    entries: tuple[Entry, ...] = field(default_factory=tuple)

    @property
    def check_count(self) -> int:
        return sum(e.check_count for e in self.entries)
