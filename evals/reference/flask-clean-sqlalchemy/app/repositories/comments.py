"""Comments on articles."""

from __future__ import annotations

from sqlalchemy import delete, select

from ..models import Comment, User
from ..models.column_types import utc_now
from .database import commit, current_session


def for_article(article_id: int) -> list[Comment]:
    """Oldest first, the order a conversation is read in."""
    query = select(Comment).where(Comment.article_id == article_id).order_by(Comment.created_at.asc(), Comment.id.asc())
    return list(current_session().scalars(query))


def get(comment_id: int) -> Comment | None:
    return current_session().get(Comment, comment_id)


def add(article_id: int, author: User, body: str) -> Comment:
    now = utc_now()
    comment = Comment(article_id=article_id, author=author, body=body, created_at=now, updated_at=now)
    current_session().add(comment)
    commit()
    return comment


def remove(comment_id: int) -> None:
    current_session().execute(delete(Comment).where(Comment.id == comment_id))
    commit()
