"""Pagination of an author's articles: most recent first, `articlesCount` is the total."""

from evals.suites.hurl_v2.dsl import count_eq, delete, eq, get, is_str, post
from evals.suites.hurl_v2.files._common import new_article, signup
from evals.suites.hurl_v2.model import SuiteFile

MINE = "/api/articles?author=page_{{uid}}"

FILE = SuiteFile(
    name="pagination",
    entries=(
        post("Setup: Register", "/api/users", signup("page"), status=201, captures={"token": "$.user.token"}),
        post(
            "Create article 1",
            "/api/articles",
            new_article("Pagination 1 {{uid}}", "Page test 1", "Page body 1"),
            auth="token",
            status=201,
            captures={"slug1": "$.article.slug"},
        ),
        post(
            "Create article 2",
            "/api/articles",
            new_article("Pagination 2 {{uid}}", "Page test 2", "Page body 2"),
            auth="token",
            status=201,
            checks=[eq("$.article.title", "Pagination 2 {{uid}}"), is_str("$.article.slug")],
            captures={"slug2": "$.article.slug"},
        ),
        get(
            "List with limit=1 (most recent first, so slug2)",
            MINE + "&limit=1",
            status=200,
            checks=[count_eq("$.articles", 1), eq("$.articlesCount", 2), eq("$.articles[0].slug", "{{slug2}}")],
        ),
        get(
            "List with limit=1&offset=1 (second page, so slug1)",
            MINE + "&limit=1&offset=1",
            status=200,
            checks=[count_eq("$.articles", 1), eq("$.articlesCount", 2), eq("$.articles[0].slug", "{{slug1}}")],
        ),
        delete("Cleanup", "/api/articles/{{slug1}}", auth="token", status=204),
        delete("Cleanup: second article", "/api/articles/{{slug2}}", auth="token", status=204),
    ),
)
