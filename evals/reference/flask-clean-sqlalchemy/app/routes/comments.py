"""Comments on an article."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..services import comments
from . import serializers
from .auth import optional_user_id, required_user_id
from .payload import envelope, field, path_id

blueprint = Blueprint("comments", __name__)


@blueprint.get("/articles/<slug>/comments")
def list_comments(slug: str) -> dict[str, Any]:
    return serializers.comments(comments.list_for(slug, optional_user_id()))


@blueprint.post("/articles/<slug>/comments")
def add_comment(slug: str) -> tuple[dict[str, Any], int]:
    user_id = required_user_id()
    data = envelope("comment")
    return serializers.comment(comments.add(user_id, slug, field(data, "body"))), 201


@blueprint.delete("/articles/<slug>/comments/<comment_id>")
def delete_comment(slug: str, comment_id: str) -> tuple[str, int]:
    user_id = required_user_id()
    comments.delete(user_id, slug, path_id(comment_id))
    return "", 204
