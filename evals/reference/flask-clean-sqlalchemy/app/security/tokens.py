"""Signed JWTs whose subject is the user id, so renaming a user keeps the token valid."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

_ALGORITHM = "HS256"
_LIFETIME = timedelta(days=30)
_secret: str | None = None


def configure(secret: str) -> None:
    """Set the signing secret; done once by the application factory."""
    global _secret
    _secret = secret


def _key() -> str:
    if _secret is None:
        raise RuntimeError("tokens.configure() has not been called")
    return _secret


def issue(user_id: int) -> str:
    now = datetime.now(UTC)
    # PyJWT >= 2.10 insists that "sub" is a string.
    claims = {"sub": str(user_id), "iat": now, "exp": now + _LIFETIME}
    return jwt.encode(claims, _key(), algorithm=_ALGORITHM)


def user_id_from(token: str) -> int | None:
    """The user id a valid token names, or None for a forged, expired or malformed token."""
    try:
        claims = jwt.decode(token, _key(), algorithms=[_ALGORITHM], options={"require": ["sub", "exp"]})
        return int(claims["sub"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
