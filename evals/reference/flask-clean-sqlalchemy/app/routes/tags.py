"""Tags in use."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..services import tags
from . import serializers

blueprint = Blueprint("tags", __name__)


@blueprint.get("/tags")
def list_tags() -> dict[str, Any]:
    return serializers.tags(tags.in_use())
