from fastapi import FastAPI

from app.api import articles, health
from app.container import Container


def create_app() -> FastAPI:
    container = Container()
    app = FastAPI(title="Conduit")
    app.state.container = container
    app.include_router(health.router, prefix="/api")
    app.include_router(articles.router, prefix="/api")
    return app


app = create_app()
