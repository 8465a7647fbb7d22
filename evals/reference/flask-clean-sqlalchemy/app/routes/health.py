"""Liveness probe used by the harness before it runs a suite."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint("health", __name__)


@blueprint.get("/health-check")
def health_check() -> dict[str, str]:
    return {"status": "ok"}
