"""Favorite and unfavorite an article; the state persists and drives the `favorited=` filter."""

from evals.suites.hurl_v2.dsl import delete, eq, ge, get, is_list, is_str, matches, post
from evals.suites.hurl_v2.files._common import DATE_TIME, new_article, non_empty_page, signup, summary_checks
from evals.suites.hurl_v2.model import Check, SuiteFile

ME = "fav_{{uid}}"
ARTICLE = "/api/articles/{{slug}}"


def _article(favorited: bool, count: int) -> list[Check]:
    """A single article (with its body) in the given favorite state."""
    return [
        is_str("$.article.title"),
        is_str("$.article.slug"),
        is_str("$.article.description"),
        is_str("$.article.body"),
        is_list("$.article.tagList"),
        matches("$.article.createdAt", DATE_TIME),
        matches("$.article.updatedAt", DATE_TIME),
        eq("$.article.favorited", favorited),
        eq("$.article.favoritesCount", count),
        eq("$.article.author.username", ME),
    ]


_FAVORITED_PAGE = [*non_empty_page(), *summary_checks(), ge("$.articles[0].favoritesCount", 1)]

FILE = SuiteFile(
    name="favorites",
    entries=(
        post("Setup: Register", "/api/users", signup("fav"), status=201, captures={"token": "$.user.token"}),
        post(
            "Setup: Create article",
            "/api/articles",
            new_article("Favorite Article {{uid}}", "For favorites", "Article body"),
            auth="token",
            status=201,
            captures={"slug": "$.article.slug"},
        ),
        post("Favorite article", ARTICLE + "/favorite", auth="token", status=200, checks=_article(True, 1)),
        get("Verify favorite persists", ARTICLE, auth="token", status=200, checks=_article(True, 1)),
        get(
            "Articles filtered by favorited username",
            "/api/articles?favorited=" + ME,
            status=200,
            checks=_FAVORITED_PAGE,
        ),
        get(
            "Articles filtered by favorited username with auth",
            "/api/articles?favorited=" + ME,
            auth="token",
            status=200,
            checks=_FAVORITED_PAGE,
        ),
        delete("Unfavorite article", ARTICLE + "/favorite", auth="token", status=200, checks=_article(False, 0)),
        get("Verify unfavorite persists", ARTICLE, auth="token", status=200, checks=_article(False, 0)),
        delete("Cleanup", ARTICLE, auth="token", status=204),
    ),
)
