from sqlite3 import IntegrityError

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.entities.article import Article


class SqlArticleRepository:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory

    async def by_slug(self, slug: str) -> Article | None:
        async with self.session_factory() as session:
            return await session.scalar(select(Article).where(Article.slug == slug))

    async def add(self, article: Article) -> bool:
        async with self.session_factory() as session:
            session.add(article)
            try:
                await session.commit()
            except IntegrityError:
                return False
            return True
