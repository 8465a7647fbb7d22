from flask import Blueprint, abort

from conduit.articles import service

articles = Blueprint("articles", __name__)


@articles.get("/articles/<slug>")
def get_article(slug: str) -> dict[str, object]:
    article = service.article_view(slug)
    if article is None:
        abort(404)
    return {"article": article}
