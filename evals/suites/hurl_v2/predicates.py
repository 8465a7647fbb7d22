"""Predicates with Hurl's semantics.

* A query that selects nothing (`MISSING`) makes a predicate false, so its negation passes:
  `not exists` passes, and so does `not isEmpty` on a missing value, as in Hurl.
* A value of the wrong kind (`matches` on a number, `>=` on a string vs a number, `isEmpty` on a
  number...) is a type mismatch and fails whether or not the predicate is negated.
* JSON equality is strict about kinds: `true` is not `1`, `null` is not a missing value,
  but `1 == 1.0`. `isInteger` holds for JSON integer literals only (not `1.0`, not booleans).
* `matches` searches (like a Rust `Regex::is_match`): anchors are in the pattern when wanted.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from evals.suites.hurl_v2.jsonpath import MISSING
from evals.suites.hurl_v2.model import Op

MAX_SHOWN = 160


@dataclass(frozen=True)
class Verdict:
    passed: bool
    message: str = ""


def describe(value: Any, limit: int = MAX_SHOWN) -> str:
    """A short readable form of a JSON value, `none` when nothing was selected."""
    if value is MISSING:
        return "none"
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def json_equal(left: Any, right: Any) -> bool:
    """Equality of two JSON values, without Python's `True == 1`."""
    if is_number(left) and is_number(right):
        return left == right
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left is right
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, str) or isinstance(right, str):
        return isinstance(left, str) and isinstance(right, str) and left == right
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(json_equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(json_equal(left[k], right[k]) for k in left)
    return False


@lru_cache(maxsize=64)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _apply(op: Op, actual: Any, expected: Any) -> tuple[bool, bool]:
    """(success, type_mismatch) of a predicate on a present value."""
    if op == "==":
        return json_equal(actual, expected), False
    if op == "!=":
        return not json_equal(actual, expected), False
    if op == ">=":
        if is_number(actual) and is_number(expected):
            return actual >= expected, False
        if isinstance(actual, str) and isinstance(expected, str):
            return actual >= expected, False
        return False, True
    if op == "isString":
        return isinstance(actual, str), False
    if op == "isInteger":
        return isinstance(actual, int) and not isinstance(actual, bool), False
    if op == "isBoolean":
        return isinstance(actual, bool), False
    if op == "isList":
        return isinstance(actual, list), False
    if op == "isEmpty":
        if isinstance(actual, str | list | dict):
            return len(actual) == 0, False
        return False, True
    if op == "exists":
        return True, False
    if op == "matches":
        if isinstance(actual, str):
            return _regex(str(expected)).search(actual) is not None, False
        return False, True
    if op == "contains":
        if isinstance(actual, str) and isinstance(expected, str):
            return expected in actual, False
        if isinstance(actual, list):
            return any(json_equal(item, expected) for item in actual), False
        return False, True
    raise ValueError(f"unknown predicate {op!r}")


def evaluate(op: Op, actual: Any, expected: Any = None, negate: bool = False) -> Verdict:
    """Apply `[not] op expected` to `actual` (a JSON value or `MISSING`)."""
    if actual is MISSING:
        success, mismatch = False, False
    else:
        success, mismatch = _apply(op, actual, expected)
    if mismatch:
        return Verdict(False, f"type mismatch: got {describe(actual)}")
    if success != negate:
        return Verdict(True)
    return Verdict(False, f"got {describe(actual)}")
