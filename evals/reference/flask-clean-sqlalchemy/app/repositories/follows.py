"""Who follows whom."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select

from ..models import follows
from .database import commit, current_session
from .statements import insert_ignoring_duplicates


def followed_among(follower_id: int, user_ids: Collection[int]) -> set[int]:
    """The subset of `user_ids` that `follower_id` follows (one query for a whole page)."""
    if not user_ids:
        return set()
    rows = current_session().scalars(
        select(follows.c.followee_id).where(
            follows.c.follower_id == follower_id, follows.c.followee_id.in_(list(user_ids))
        )
    )
    return set(rows)


def is_following(follower_id: int, followee_id: int) -> bool:
    return followee_id in followed_among(follower_id, [followee_id])


def add(follower_id: int, followee_id: int) -> None:
    # Following twice is not an error: the link simply already exists.
    insert_ignoring_duplicates(current_session(), follows, [{"follower_id": follower_id, "followee_id": followee_id}])
    commit()


def remove(follower_id: int, followee_id: int) -> None:
    current_session().execute(
        delete(follows).where(follows.c.follower_id == follower_id, follows.c.followee_id == followee_id)
    )
    commit()
