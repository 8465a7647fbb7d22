"""Turns entities into views, batching the per-viewer lookups (favorited, following) per page."""

from __future__ import annotations

from collections.abc import Sequence

from ..models import Article, Comment, User
from ..repositories import favorites, follows
from ..security import tokens
from .views import ArticleView, CommentView, ProfileView, UserView


def user_view(user: User) -> UserView:
    # A fresh token on every response: it names the user id, so it survives renames.
    return UserView(
        email=user.email,
        token=tokens.issue(user.id),
        username=user.username,
        bio=user.bio,
        image=user.image,
    )


def profile_view(user: User, following: bool) -> ProfileView:
    return ProfileView(username=user.username, bio=user.bio, image=user.image, following=following)


def _followed(viewer_id: int | None, authors: Sequence[User]) -> set[int]:
    if viewer_id is None:
        return set()
    return follows.followed_among(viewer_id, {author.id for author in authors})


def article_views(articles: Sequence[Article], viewer_id: int | None) -> tuple[ArticleView, ...]:
    ids = [article.id for article in articles]
    counts = favorites.counts(ids)
    liked = favorites.favorited_among(viewer_id, ids) if viewer_id is not None else set()
    followed = _followed(viewer_id, [article.author for article in articles])
    return tuple(
        ArticleView(
            slug=article.slug,
            title=article.title,
            description=article.description,
            body=article.body,
            # Sorted, so the order is stable and independent of how the tags were sent.
            tag_list=tuple(sorted(tag.name for tag in article.tags)),
            created_at=article.created_at,
            updated_at=article.updated_at,
            favorited=article.id in liked,
            favorites_count=counts.get(article.id, 0),
            author=profile_view(article.author, article.author_id in followed),
        )
        for article in articles
    )


def article_view(article: Article, viewer_id: int | None) -> ArticleView:
    return article_views([article], viewer_id)[0]


def comment_views(comments: Sequence[Comment], viewer_id: int | None) -> tuple[CommentView, ...]:
    followed = _followed(viewer_id, [comment.author for comment in comments])
    return tuple(
        CommentView(
            id=comment.id,
            created_at=comment.created_at,
            updated_at=comment.updated_at,
            body=comment.body,
            author=profile_view(comment.author, comment.author_id in followed),
        )
        for comment in comments
    )
