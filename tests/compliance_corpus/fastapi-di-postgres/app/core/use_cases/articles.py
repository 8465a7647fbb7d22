from typing import Protocol

from app.core.entities.article import Article


class ArticleNotFound(LookupError):
    """No article has that slug."""


class ArticleRepository(Protocol):
    async def by_slug(self, slug: str) -> Article | None: ...


class ArticleUseCases:
    def __init__(self, repository: ArticleRepository) -> None:
        self.repository = repository

    async def get(self, slug: str) -> Article:
        article = await self.repository.by_slug(slug)
        if article is None:
            raise ArticleNotFound(slug)
        return article
