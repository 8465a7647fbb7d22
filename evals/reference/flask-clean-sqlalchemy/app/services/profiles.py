"""Public profiles and following."""

from __future__ import annotations

from ..models import User
from ..repositories import follows, users
from .assemble import profile_view
from .errors import NotFound
from .views import ProfileView


def _existing(username: str) -> User:
    user = users.find_by_username(username)
    if user is None:
        raise NotFound("profile")
    return user


def get(username: str, viewer_id: int | None) -> ProfileView:
    user = _existing(username)
    following = viewer_id is not None and follows.is_following(viewer_id, user.id)
    return profile_view(user, following)


def follow(viewer_id: int, username: str) -> ProfileView:
    user = _existing(username)
    follows.add(viewer_id, user.id)
    return profile_view(user, True)


def unfollow(viewer_id: int, username: str) -> ProfileView:
    user = _existing(username)
    follows.remove(viewer_id, user.id)
    return profile_view(user, False)
