"""Articles, the feed and favorites."""

from __future__ import annotations

from typing import Any

from flask import Blueprint

from ..services import articles
from . import serializers
from .auth import optional_user_id, required_user_id
from .payload import envelope, field, query_int, query_text

blueprint = Blueprint("articles", __name__)


@blueprint.get("/articles")
def list_articles() -> dict[str, Any]:
    page = articles.list_articles(
        optional_user_id(),
        tag=query_text("tag"),
        author=query_text("author"),
        favorited=query_text("favorited"),
        limit=query_int("limit"),
        offset=query_int("offset"),
    )
    return serializers.article_page(page)


# Werkzeug matches this static path before the /articles/<slug> rule below.
@blueprint.get("/articles/feed")
def feed() -> dict[str, Any]:
    user_id = required_user_id()
    page = articles.feed(user_id, limit=query_int("limit"), offset=query_int("offset"))
    return serializers.article_page(page)


@blueprint.post("/articles")
def create_article() -> tuple[dict[str, Any], int]:
    user_id = required_user_id()
    data = envelope("article")
    view = articles.create(
        user_id,
        title=field(data, "title"),
        description=field(data, "description"),
        body=field(data, "body"),
        tag_list=field(data, "tagList"),
    )
    return serializers.article(view), 201


@blueprint.get("/articles/<slug>")
def get_article(slug: str) -> dict[str, Any]:
    return serializers.article(articles.get(slug, optional_user_id()))


@blueprint.put("/articles/<slug>")
def update_article(slug: str) -> dict[str, Any]:
    user_id = required_user_id()
    data = envelope("article")
    view = articles.update(
        user_id,
        slug,
        title=field(data, "title"),
        description=field(data, "description"),
        body=field(data, "body"),
        tag_list=field(data, "tagList"),
    )
    return serializers.article(view)


@blueprint.delete("/articles/<slug>")
def delete_article(slug: str) -> tuple[str, int]:
    articles.delete(required_user_id(), slug)
    return "", 204


@blueprint.post("/articles/<slug>/favorite")
def favorite(slug: str) -> dict[str, Any]:
    return serializers.article(articles.favorite(required_user_id(), slug))


@blueprint.delete("/articles/<slug>/favorite")
def unfavorite(slug: str) -> dict[str, Any]:
    return serializers.article(articles.unfavorite(required_user_id(), slug))
