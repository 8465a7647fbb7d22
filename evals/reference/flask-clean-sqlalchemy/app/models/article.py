"""An article; favorites and follows are counted by queries, not stored on it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .associations import article_tags
from .base import Base
from .column_types import UtcDateTime, utc_now
from .tag import Tag
from .user import User


class Article(Base):
    __tablename__ = "articles"
    # Lists are always "newest first", optionally narrowed to one author.
    __table_args__ = (
        Index("ix_articles_created_at_id", "created_at", "id"),
        Index("ix_articles_author_id", "author_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(320), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utc_now)

    # Authors and tags are needed for every rendering, so they load eagerly.
    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    # passive_deletes: the database cascade removes tag links when the article goes.
    tags: Mapped[list[Tag]] = relationship(secondary=article_tags, lazy="selectin", passive_deletes=True)
