"""Profiles and follow/unfollow."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..services import profiles
from . import serializers
from .auth import optional_user_id, required_user_id

blueprint = Blueprint("profiles", __name__)


@blueprint.get("/profiles/<username>")
def get_profile(username: str) -> dict[str, Any]:
    return serializers.profile(profiles.get(username, optional_user_id()))


@blueprint.post("/profiles/<username>/follow")
def follow(username: str) -> dict[str, Any]:
    return serializers.profile(profiles.follow(required_user_id(), username))


@blueprint.delete("/profiles/<username>/follow")
def unfollow(username: str) -> dict[str, Any]:
    return serializers.profile(profiles.unfollow(required_user_id(), username))
