"""Request parsing helpers: the JSON envelope (`{"user": {...}}`) and integer query parameters."""

from __future__ import annotations

from typing import Any

from flask import request

from ..services.errors import InvalidInput
from ..services.validation import UNSET


def envelope(key: str) -> dict[str, Any]:
    """The object under `key` in the JSON body; 422 when the body is not JSON or lacks the object."""
    # force: accept JSON even without a JSON content type; silent: bad JSON becomes None, not a 400.
    data = request.get_json(force=True, silent=True)
    if not isinstance(data, dict):
        raise InvalidInput.field("body", "must be a JSON object")
    inner = data.get(key)
    if not isinstance(inner, dict):
        raise InvalidInput.field(key, "can't be blank" if inner is None else "must be an object")
    return inner


def field(data: dict[str, Any], name: str) -> object:
    """A field's raw value, or UNSET when the client did not send it (null is a value)."""
    return data.get(name, UNSET)


_MAX_ID = 2**31 - 1


def path_id(raw: str) -> int | None:
    """A numeric id from the URL; None when it cannot name a row (so the caller answers 404)."""
    if not (raw.isascii() and raw.isdigit()) or int(raw) > _MAX_ID:
        return None
    return int(raw)


def query_int(name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput.field(name, "must be an integer") from None


def query_text(name: str) -> str | None:
    value = request.args.get(name)
    return value if value else None
