"""Article life cycle: create with tags, list and filter, read, update (body, tags), delete."""

from evals.suites.hurl_v2.dsl import (
    count_eq,
    delete,
    eq,
    error_is,
    get,
    has,
    is_bool,
    is_int,
    is_list,
    is_str,
    matches,
    ne,
    post,
    put,
)
from evals.suites.hurl_v2.files._common import (
    DATE_T,
    DATE_TIME,
    new_article,
    non_empty_page,
    signup,
    summary_checks,
)
from evals.suites.hurl_v2.model import Check, SuiteFile

ME = "art_{{uid}}"
TITLE = "Test Article {{uid}}"
TAG_D = "d_{{uid}}"
TAG_T = "t_{{uid}}"
ARTICLE = "/api/articles/{{slug}}"


def _listing(*, mine: bool, tag: str | None = None) -> list[Check]:
    """A non-empty list; its first item is by this file's user when `mine`."""
    author = "$.articles[0].author.username"
    return [*non_empty_page(), *summary_checks(tag=tag), eq(author, ME) if mine else is_str(author)]


def _both_tags() -> list[Check]:
    return [count_eq("$.article.tagList", 2), has("$.article.tagList", TAG_D), has("$.article.tagList", TAG_T)]


def _fields(body: str) -> list[Check]:
    """Title, slug, description and body of the single article after an update of its body."""
    return [
        eq("$.article.title", TITLE),
        eq("$.article.slug", "{{slug}}"),
        eq("$.article.description", "Test description"),
        eq("$.article.body", body),
        is_list("$.article.tagList"),
        *_both_tags(),
    ]


FILE = SuiteFile(
    name="articles",
    entries=(
        post("Setup: Register", "/api/users", signup("art"), status=201, captures={"token": "$.user.token"}),
        post(
            "Create article with tags",
            "/api/articles",
            new_article(TITLE, "Test description", "Test body content", [TAG_D, TAG_T]),
            auth="token",
            status=201,
            checks=[
                eq("$.article.title", TITLE),
                is_str("$.article.slug"),
                eq("$.article.description", "Test description"),
                eq("$.article.body", "Test body content"),
                has("$.article.tagList", TAG_D),
                has("$.article.tagList", TAG_T),
                eq("$.article.tagList[0]", TAG_D),
                eq("$.article.tagList[1]", TAG_T),
                matches("$.article.createdAt", DATE_T),
                matches("$.article.updatedAt", DATE_T),
                eq("$.article.favorited", False),
                eq("$.article.favoritesCount", 0),
                eq("$.article.author.username", ME),
            ],
            captures={
                "slug": "$.article.slug",
                "created_at": "$.article.createdAt",
                "updated_at": "$.article.updatedAt",
            },
        ),
        get("List all articles", "/api/articles", status=200, checks=_listing(mine=False)),
        get("List by author", "/api/articles?author=" + ME, status=200, checks=_listing(mine=True)),
        get(
            "List all articles with auth",
            "/api/articles",
            auth="token",
            status=200,
            checks=_listing(mine=False),
        ),
        get(
            "List by author with auth",
            "/api/articles?author=" + ME,
            auth="token",
            status=200,
            checks=_listing(mine=True),
        ),
        get("List by tag", "/api/articles?tag=" + TAG_D, status=200, checks=_listing(mine=False, tag=TAG_D)),
        get(
            "List articles without auth",
            "/api/articles",
            status=200,
            checks=[is_list("$.articles"), is_int("$.articlesCount")],
        ),
        get(
            "Get single article",
            ARTICLE,
            status=200,
            checks=[
                eq("$.article.title", TITLE),
                eq("$.article.slug", "{{slug}}"),
                eq("$.article.description", "Test description"),
                eq("$.article.body", "Test body content"),
                is_list("$.article.tagList"),
                matches("$.article.createdAt", DATE_TIME),
                matches("$.article.updatedAt", DATE_TIME),
                eq("$.article.favorited", False),
                eq("$.article.favoritesCount", 0),
                eq("$.article.author.username", ME),
            ],
        ),
        put(
            "Update article body",
            ARTICLE,
            {"article": {"body": "Updated body content"}},
            auth="token",
            status=200,
            checks=[
                *_fields("Updated body content"),
                eq("$.article.createdAt", "{{created_at}}"),
                ne("$.article.updatedAt", "{{updated_at}}"),
                is_bool("$.article.favorited"),
                is_int("$.article.favoritesCount"),
                eq("$.article.author.username", ME),
            ],
        ),
        get(
            "Verify update persisted",
            ARTICLE,
            status=200,
            checks=[
                *_fields("Updated body content"),
                matches("$.article.createdAt", DATE_TIME),
                matches("$.article.updatedAt", DATE_TIME),
                is_bool("$.article.favorited"),
                is_int("$.article.favoritesCount"),
                eq("$.article.author.username", ME),
            ],
        ),
        put(
            "Update article without tagList: tags should be preserved",
            ARTICLE,
            {"article": {"body": "Body without touching tags"}},
            auth="token",
            status=200,
            checks=[eq("$.article.body", "Body without touching tags"), *_both_tags()],
        ),
        put(
            "Update article: remove all tags with empty array",
            ARTICLE,
            {"article": {"tagList": []}},
            auth="token",
            status=200,
            checks=[is_list("$.article.tagList"), count_eq("$.article.tagList", 0)],
        ),
        get(
            "Verify tags were actually removed",
            ARTICLE,
            status=200,
            checks=[is_list("$.article.tagList"), count_eq("$.article.tagList", 0)],
        ),
        put(
            "Update article: tagList null should be rejected",
            ARTICLE,
            {"article": {"tagList": None}},
            auth="token",
            status=422,
        ),
        delete("Delete article", ARTICLE, auth="token", status=204),
        get("Verify deletion", ARTICLE, status=404, checks=[error_is("article", "not found")]),
    ),
)
