"""Tag names and their lookup."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, select

from ..models import Tag, article_tags
from .database import current_session
from .statements import insert_ignoring_duplicates


def ensure(names: Sequence[str]) -> list[Tag]:
    """Return Tag rows for `names`, creating missing ones (race-safe); joins the caller's transaction."""
    if not names:
        return []
    session = current_session()
    insert_ignoring_duplicates(session, cast(Table, Tag.__table__), [{"name": name} for name in names])
    by_name = {tag.name: tag for tag in session.scalars(select(Tag).where(Tag.name.in_(list(names))))}
    return [by_name[name] for name in names]


def names_in_use() -> list[str]:
    """Distinct names of tags attached to at least one article, alphabetically."""
    query = select(Tag.name).where(Tag.id.in_(select(article_tags.c.tag_id))).order_by(Tag.name)
    return list(current_session().scalars(query))
