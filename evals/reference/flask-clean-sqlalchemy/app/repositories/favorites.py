"""Which users favorited which articles."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, func, select

from ..models import favorites
from .database import commit, current_session
from .statements import insert_ignoring_duplicates


def counts(article_ids: Collection[int]) -> dict[int, int]:
    """Favorite counts per article id; articles nobody favorited are absent."""
    if not article_ids:
        return {}
    rows = current_session().execute(
        select(favorites.c.article_id, func.count())
        .where(favorites.c.article_id.in_(list(article_ids)))
        .group_by(favorites.c.article_id)
    )
    return {article_id: int(count) for article_id, count in rows}


def favorited_among(user_id: int, article_ids: Collection[int]) -> set[int]:
    if not article_ids:
        return set()
    rows = current_session().scalars(
        select(favorites.c.article_id).where(
            favorites.c.user_id == user_id, favorites.c.article_id.in_(list(article_ids))
        )
    )
    return set(rows)


def add(user_id: int, article_id: int) -> None:
    insert_ignoring_duplicates(current_session(), favorites, [{"user_id": user_id, "article_id": article_id}])
    commit()


def remove(user_id: int, article_id: int) -> None:
    current_session().execute(
        delete(favorites).where(favorites.c.user_id == user_id, favorites.c.article_id == article_id)
    )
    commit()
