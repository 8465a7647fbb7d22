"""Article use cases: listing, feed, reading, writing and favoriting."""

from __future__ import annotations

from ..models import Article
from ..repositories import articles, favorites, tags, users
from ..repositories.articles import ArticleCriteria
from ..repositories.errors import IntegrityConflict
from .assemble import article_view, article_views
from .errors import Forbidden, InvalidInput, NotFound
from .slugs import slugify, unused_slug
from .validation import MAX_NAME_LENGTH, UNSET, Problems, Unset
from .views import ArticlePage, ArticleView

DEFAULT_LIMIT = 20
# Larger values would overflow the databases' integer types; nobody needs a page that big.
_MAX_WINDOW_VALUE = 2**31 - 1
# A concurrent request may grab the same slug between our check and the insert; then we retry.
_WRITE_ATTEMPTS = 3


def _window(limit: int | None, offset: int | None) -> tuple[int, int]:
    limit = DEFAULT_LIMIT if limit is None else limit
    offset = 0 if offset is None else offset
    problems = Problems()
    if limit < 1:
        problems.add("limit", "must be greater than or equal to 1")
    if offset < 0:
        problems.add("offset", "must be greater than or equal to 0")
    for name, value in (("limit", limit), ("offset", offset)):
        if value > _MAX_WINDOW_VALUE:
            problems.add(name, f"must be less than or equal to {_MAX_WINDOW_VALUE}")
    problems.raise_if_any()
    return limit, offset


def _page(criteria: ArticleCriteria, viewer_id: int | None, limit: int | None, offset: int | None) -> ArticlePage:
    size, start = _window(limit, offset)
    found, total = articles.page(criteria, size, start)
    return ArticlePage(articles=article_views(found, viewer_id), total=total)


def list_articles(
    viewer_id: int | None,
    *,
    tag: str | None = None,
    author: str | None = None,
    favorited: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> ArticlePage:
    criteria = ArticleCriteria(tag=tag, author=author, favorited_by=favorited)
    return _page(criteria, viewer_id, limit, offset)


def feed(viewer_id: int, *, limit: int | None = None, offset: int | None = None) -> ArticlePage:
    """Articles written by the users the viewer follows."""
    return _page(ArticleCriteria(followed_by_id=viewer_id), viewer_id, limit, offset)


def _existing(slug: str) -> Article:
    article = articles.find_by_slug(slug)
    if article is None:
        raise NotFound("article")
    return article


def _owned(slug: str, user_id: int) -> Article:
    article = _existing(slug)
    if article.author_id != user_id:
        raise Forbidden("article")
    return article


def get(slug: str, viewer_id: int | None) -> ArticleView:
    return article_view(_existing(slug), viewer_id)


def create(
    author_id: int, *, title: object, description: object, body: object, tag_list: object = UNSET
) -> ArticleView:
    problems = Problems()
    new_title = problems.text("title", title, MAX_NAME_LENGTH)
    new_description = problems.text("description", description)
    new_body = problems.text("body", body)
    names = [] if isinstance(tag_list, Unset) else problems.tag_names(tag_list)
    problems.raise_if_any()
    author = users.get(author_id)
    if author is None:
        raise NotFound("user")
    for attempt in range(1, _WRITE_ATTEMPTS + 1):
        try:
            article = articles.add(
                author, unused_slug(new_title), new_title, new_description, new_body, tags.ensure(names)
            )
            return article_view(article, author_id)
        except IntegrityConflict:
            if attempt == _WRITE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


def update(
    user_id: int,
    slug: str,
    *,
    title: object = UNSET,
    description: object = UNSET,
    body: object = UNSET,
    tag_list: object = UNSET,
) -> ArticleView:
    """Change only the fields sent; a new title gives a new slug; tagList [] clears the tags."""
    article = _owned(slug, user_id)
    problems = Problems()
    new_title = None if isinstance(title, Unset) else problems.text("title", title, MAX_NAME_LENGTH)
    new_description = None if isinstance(description, Unset) else problems.text("description", description)
    new_body = None if isinstance(body, Unset) else problems.text("body", body)
    names = None if isinstance(tag_list, Unset) else problems.tag_names(tag_list)
    problems.raise_if_any()

    if new_title is not None and new_title != article.title:
        if slugify(new_title) != slugify(article.title):
            article.slug = unused_slug(new_title)
        article.title = new_title
    if new_description is not None:
        article.description = new_description
    if new_body is not None:
        article.body = new_body
    if names is not None:
        article.tags = tags.ensure(names)
    try:
        articles.save(article)
    except IntegrityConflict:
        # Only the slug is unique here; a concurrent writer took it. Asking again is safe.
        raise InvalidInput.field("title", "produces a slug that is being used, try again") from None
    return article_view(article, user_id)


def delete(user_id: int, slug: str) -> None:
    articles.remove(_owned(slug, user_id).id)


def favorite(user_id: int, slug: str) -> ArticleView:
    article = _existing(slug)
    favorites.add(user_id, article.id)
    return article_view(article, user_id)


def unfavorite(user_id: int, slug: str) -> ArticleView:
    article = _existing(slug)
    favorites.remove(user_id, article.id)
    return article_view(article, user_id)
