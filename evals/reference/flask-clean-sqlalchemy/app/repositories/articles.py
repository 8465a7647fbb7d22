"""Articles: lookup, paging with filters, and writes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select

from ..models import Article, Tag, User, article_tags, favorites, follows
from ..models.column_types import utc_now
from .database import commit, current_session


@dataclass(frozen=True, slots=True)
class ArticleCriteria:
    """Filters for a list; every given one must hold."""

    tag: str | None = None
    author: str | None = None
    favorited_by: str | None = None
    followed_by_id: int | None = None


def find_by_slug(slug: str) -> Article | None:
    return current_session().scalar(select(Article).where(Article.slug == slug))


def slug_taken(slug: str) -> bool:
    return current_session().scalar(select(Article.id).where(Article.slug == slug)) is not None


def _conditions(criteria: ArticleCriteria) -> list[Any]:
    # Subqueries (not joins) keep one row per article, so counts and pages need no DISTINCT.
    conditions: list[Any] = []
    if criteria.tag is not None:
        tagged = select(article_tags.c.article_id).join(Tag, Tag.id == article_tags.c.tag_id)
        conditions.append(Article.id.in_(tagged.where(Tag.name == criteria.tag)))
    if criteria.author is not None:
        conditions.append(Article.author_id.in_(select(User.id).where(User.username == criteria.author)))
    if criteria.favorited_by is not None:
        fans = select(favorites.c.article_id).join(User, User.id == favorites.c.user_id)
        conditions.append(Article.id.in_(fans.where(User.username == criteria.favorited_by)))
    if criteria.followed_by_id is not None:
        followed = select(follows.c.followee_id).where(follows.c.follower_id == criteria.followed_by_id)
        conditions.append(Article.author_id.in_(followed))
    return conditions


def page(criteria: ArticleCriteria, limit: int, offset: int) -> tuple[list[Article], int]:
    """One page, newest first, plus the total number of matching articles."""
    session = current_session()
    conditions = _conditions(criteria)
    total = session.scalar(select(func.count()).select_from(Article).where(*conditions)) or 0
    query = (
        select(Article)
        .where(*conditions)
        .order_by(Article.created_at.desc(), Article.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(session.scalars(query)), int(total)


def add(author: User, slug: str, title: str, description: str, body: str, tags: list[Tag]) -> Article:
    now = utc_now()
    article = Article(
        slug=slug,
        title=title,
        description=description,
        body=body,
        author=author,
        tags=tags,
        created_at=now,
        updated_at=now,
    )
    current_session().add(article)
    commit()
    return article


def save(article: Article) -> None:
    """Persist edits to a loaded article, stamping the modification time."""
    article.updated_at = utc_now()
    current_session().add(article)
    commit()


def remove(article_id: int) -> None:
    # The database cascades to comments, favorites and tag links (foreign keys ON DELETE CASCADE).
    current_session().execute(delete(Article).where(Article.id == article_id))
    commit()
