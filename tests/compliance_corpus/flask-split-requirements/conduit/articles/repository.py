from sqlalchemy import select

from conduit.articles.models import Article
from conduit.db import Session


def by_slug(slug: str) -> Article | None:
    with Session() as session:
        return session.scalar(select(Article).where(Article.slug == slug))
