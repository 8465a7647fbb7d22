"""JSON shapes of the Conduit API, built from service views."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ..services.views import ArticlePage, ArticleView, CommentView, ProfileView, UserView


def timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, e.g. 2024-01-01T00:00:00.123456Z (clients need the fraction)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def user(view: UserView) -> dict[str, Any]:
    return {
        "user": {
            "email": view.email,
            "token": view.token,
            "username": view.username,
            "bio": view.bio,
            "image": view.image,
        }
    }


def _profile(view: ProfileView) -> dict[str, Any]:
    return {"username": view.username, "bio": view.bio, "image": view.image, "following": view.following}


def profile(view: ProfileView) -> dict[str, Any]:
    return {"profile": _profile(view)}


def _article(view: ArticleView, with_body: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "slug": view.slug,
        "title": view.title,
        "description": view.description,
    }
    if with_body:
        data["body"] = view.body
    data.update(
        {
            "tagList": list(view.tag_list),
            "createdAt": timestamp(view.created_at),
            "updatedAt": timestamp(view.updated_at),
            "favorited": view.favorited,
            "favoritesCount": view.favorites_count,
            "author": _profile(view.author),
        }
    )
    return data


def article(view: ArticleView) -> dict[str, Any]:
    return {"article": _article(view, with_body=True)}


def article_page(page: ArticlePage) -> dict[str, Any]:
    # List items leave out the body: lists are previews and bodies can be large.
    return {"articles": [_article(view, with_body=False) for view in page.articles], "articlesCount": page.total}


def _comment(view: CommentView) -> dict[str, Any]:
    return {
        "id": view.id,
        "createdAt": timestamp(view.created_at),
        "updatedAt": timestamp(view.updated_at),
        "body": view.body,
        "author": _profile(view.author),
    }


def comment(view: CommentView) -> dict[str, Any]:
    return {"comment": _comment(view)}


def comments(views: tuple[CommentView, ...]) -> dict[str, Any]:
    return {"comments": [_comment(view) for view in views]}


def tags(names: list[str]) -> dict[str, Any]:
    return {"tags": names}
