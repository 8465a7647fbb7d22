"""Reads the `Authorization: Token <jwt>` header. Only the `Token` scheme counts as credentials."""

from __future__ import annotations

from flask import request

from ..services import users
from ..services.errors import Unauthorized

_SCHEME = "token"


def _presented_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != _SCHEME or not token.strip():
        return None
    return token.strip()


def required_user_id() -> int:
    """The caller's user id; 401 before anything else is looked at."""
    token = _presented_token()
    if token is None:
        raise Unauthorized.token("is missing")
    return users.authenticate(token)


def optional_user_id() -> int | None:
    """The caller's id when credentials were sent (they must then be valid), else None."""
    token = _presented_token()
    return None if token is None else users.authenticate(token)
