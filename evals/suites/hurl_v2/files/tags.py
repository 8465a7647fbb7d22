"""Tags: the tags of a new article appear in GET /api/tags."""

from evals.suites.hurl_v2.dsl import count_ge, delete, get, has, is_list, is_str, post
from evals.suites.hurl_v2.files._common import new_article, signup
from evals.suites.hurl_v2.model import SuiteFile

FILE = SuiteFile(
    name="tags",
    entries=(
        post("Setup: Register", "/api/users", signup("tag"), status=201, captures={"token": "$.user.token"}),
        post(
            "Setup: Create article with tags",
            "/api/articles",
            new_article("Tag Article {{uid}}", "For tags", "Article body", ["h_{{uid}}", "t_{{uid}}"]),
            auth="token",
            status=201,
            captures={"slug": "$.article.slug"},
        ),
        get(
            "Get tags",
            "/api/tags",
            status=200,
            checks=[
                is_list("$.tags"),
                count_ge("$.tags", 1),
                has("$.tags", "h_{{uid}}"),
                has("$.tags", "t_{{uid}}"),
                is_str("$.tags[0]"),
                is_str("$.tags[1]"),
            ],
        ),
        delete("Cleanup", "/api/articles/{{slug}}", auth="token", status=204),
    ),
)
