"""Comments on articles: anyone may read them, only their author may delete them."""

from __future__ import annotations

from ..models import Article
from ..repositories import articles, comments, users
from ..repositories.errors import IntegrityConflict
from .assemble import comment_views
from .errors import Forbidden, NotFound
from .validation import Problems
from .views import CommentView


def _article(slug: str) -> Article:
    article = articles.find_by_slug(slug)
    if article is None:
        raise NotFound("article")
    return article


def list_for(slug: str, viewer_id: int | None) -> tuple[CommentView, ...]:
    return comment_views(comments.for_article(_article(slug).id), viewer_id)


def add(user_id: int, slug: str, body: object) -> CommentView:
    article = _article(slug)
    problems = Problems()
    text = problems.text("body", body)
    problems.raise_if_any()
    author = users.get(user_id)
    if author is None:
        raise NotFound("user")
    try:
        comment = comments.add(article.id, author, text)
    except IntegrityConflict:
        # The article was deleted while we were writing.
        raise NotFound("article") from None
    return comment_views([comment], user_id)[0]


def delete(user_id: int, slug: str, comment_id: int | None) -> None:
    """`comment_id` is None when the path held no valid id, which cannot name a comment."""
    article = _article(slug)
    comment = comments.get(comment_id) if comment_id is not None else None
    if comment is None or comment.article_id != article.id:
        raise NotFound("comment")
    if comment.author_id != user_id:
        raise Forbidden("comment")
    comments.remove(comment.id)
