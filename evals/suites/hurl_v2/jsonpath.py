"""A small evaluator for the definite jsonpath queries the suite uses.

Supported: `$`, `.name`, `['name']` / `["name"]` and `[index]` (negative indexes count from the end).
A query that selects nothing returns `MISSING` rather than raising.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

Segment = str | int


class _Missing:
    """The result of a query that selects nothing (distinct from JSON null)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()

_TOKEN = re.compile(
    r"""\.(?P<name>[A-Za-z_$][\w$-]*)
    |\[\s*(?P<index>-?\d+)\s*\]
    |\[\s*'(?P<sq>(?:[^'\\]|\\.)*)'\s*\]
    |\[\s*"(?P<dq>(?:[^"\\]|\\.)*)"\s*\]""",
    re.VERBOSE,
)


class JsonPathError(ValueError):
    """The query is not in the supported subset."""


@lru_cache(maxsize=512)
def parse(path: str) -> tuple[Segment, ...]:
    """Split a query into object keys (str) and list indexes (int)."""
    if not path.startswith("$"):
        raise JsonPathError(f"a query starts with '$': {path!r}")
    segments: list[Segment] = []
    pos = 1
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        if m is None:
            raise JsonPathError(f"unsupported query {path!r} at offset {pos}")
        if m.group("name") is not None:
            segments.append(m.group("name"))
        elif m.group("index") is not None:
            segments.append(int(m.group("index")))
        else:
            quoted = m.group("sq") if m.group("sq") is not None else m.group("dq")
            segments.append(re.sub(r"\\(.)", r"\1", quoted))
        pos = m.end()
    return tuple(segments)


def query(document: Any, path: str) -> Any:
    """The value `path` selects in `document`, or `MISSING`."""
    value = document
    for segment in parse(path):
        if isinstance(segment, int):
            if not isinstance(value, list) or not -len(value) <= segment < len(value):
                return MISSING
            value = value[segment]
        else:
            if not isinstance(value, dict) or segment not in value:
                return MISSING
            value = value[segment]
    return value
