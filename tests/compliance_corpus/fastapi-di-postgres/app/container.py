from dependency_injector import containers, providers
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from app.core.use_cases.articles import ArticleUseCases
from app.impl.article_repository import SqlArticleRepository
from app.settings import DatabaseSettings


class Container(containers.DeclarativeContainer):
    settings = providers.Singleton(DatabaseSettings)
    engine = providers.Singleton(create_async_engine, settings.provided.url, echo=settings.provided.echo)
    session_factory = providers.Factory(async_sessionmaker, engine, expire_on_commit=False)
    articles_repository = providers.Factory(SqlArticleRepository, session_factory=session_factory)
    articles = providers.Factory(ArticleUseCases, repository=articles_repository)
