"""Registration, login and the current user."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..services import users
from . import serializers
from .auth import required_user_id
from .payload import envelope, field

blueprint = Blueprint("users", __name__)


@blueprint.post("/users")
def register() -> tuple[dict[str, Any], int]:
    data = envelope("user")
    view = users.register(field(data, "username"), field(data, "email"), field(data, "password"))
    return serializers.user(view), 201


@blueprint.post("/users/login")
def login() -> dict[str, Any]:
    data = envelope("user")
    return serializers.user(users.login(field(data, "email"), field(data, "password")))


@blueprint.get("/user")
def current_user() -> dict[str, Any]:
    return serializers.user(users.current(required_user_id()))


@blueprint.put("/user")
def update_user() -> dict[str, Any]:
    user_id = required_user_id()
    data = envelope("user")
    view = users.update(
        user_id,
        email=field(data, "email"),
        username=field(data, "username"),
        password=field(data, "password"),
        bio=field(data, "bio"),
        image=field(data, "image"),
    )
    return serializers.user(view)
