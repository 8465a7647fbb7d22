"""Settings read once from the environment at startup."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_PORT = 8080
# Only for local development; deployments set JWT_SECRET.
DEV_JWT_SECRET = "conduit-development-secret-change-me"


def normalize_database_url(url: str) -> str:
    """Route every PostgreSQL URL to psycopg 3, whatever scheme spelling the platform hands us."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    port: int
    jwt_secret: str

    @classmethod
    def from_env(cls) -> Settings:
        # No fallback database: a silent SQLite default would hide a misconfigured PostgreSQL deployment.
        database_url = os.environ.get("DATABASE_URL")
        if not database_url:
            raise SystemExit("DATABASE_URL is not set: give the URL of a PostgreSQL or SQLite database")
        return cls(
            database_url=normalize_database_url(database_url),
            port=int(os.environ.get("PORT") or DEFAULT_PORT),
            jwt_secret=os.environ.get("JWT_SECRET") or DEV_JWT_SECRET,
        )
