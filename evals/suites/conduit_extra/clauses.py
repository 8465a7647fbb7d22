"""The contract clauses conduit-extra enforces, each quoted from the bundled Conduit contract.

A check is named `<clause>: <what it saw>`, so a failed check says which promise the backend broke.
The sentences come from `planners/contracts/conduit.openapi.yaml` (its description and operations).
"""

from __future__ import annotations

CLAUSES: dict[str, str] = {
    "feed.followed-only": "The feed contains only articles whose author the current user follows.",
    "feed.newest-first": "Lists (GET /articles, GET /articles/feed, comments) are ordered most recent first.",
    "feed.unfollow": "Only articles whose author the current user follows: an unfollowed author's leave the feed.",
    "feed.count-total": "articlesCount is the total size of the feed, not the page size.",
    "list.limit-default": "limit defaults to 20 and offset to 0.",
    "list.offset": "Lists are paginated by limit and offset, most recent first.",
    "list.count-total": "articlesCount is the total number of articles matching the filters, not the page size.",
    "list.filters-combined": "Filtered by any combination of tag, author and favorited (all given filters must match).",
    "articles.owner-only": "Only the author may update or delete an article; a refused delete leaves it in place.",
    "comments.owner-only": "Only the author may delete a comment; a refused delete leaves it in place.",
    "errors.forbidden-body": "403 for another user's article or comment: errors.<article or comment>: ['forbidden'].",
    "users.unique": "A username or email that is already registered gives 409 'has already been taken'.",
    "users.refused-creates-nothing": "A refused registration creates no user.",
    "favorites.idempotent": "Favoriting twice counts once; unfavoriting what is not favorited changes nothing.",
    "follows.idempotent": "Following twice is one follow; unfollowing twice leaves it unfollowed.",
    "counts.consistent": "favorited, favoritesCount and following agree between list, detail and profile.",
    "articles.slug-unique": "Two articles may share a title and still get different slugs.",
    "time.iso8601": "createdAt and updatedAt are ISO 8601 date-times with a zone (UTC, Z suffix).",
    "time.updated-moves": "An update must produce a different updatedAt, while createdAt never changes.",
}
