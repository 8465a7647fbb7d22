"""Comment errors: missing token, blank body, unknown article or comment."""

from evals.suites.hurl_v2.dsl import delete, error_is, get, post
from evals.suites.hurl_v2.files._common import new_article, signup
from evals.suites.hurl_v2.model import SuiteFile

UNKNOWN = "/api/articles/unknown-slug-{{uid}}/comments"
NO_TOKEN = [error_is("token", "is missing")]
NO_ARTICLE = [error_is("article", "not found")]

FILE = SuiteFile(
    name="errors_comments",
    entries=(
        post(
            "Post comment no auth",
            "/api/articles/some-slug/comments",
            {"comment": {"body": "test"}},
            status=401,
            checks=NO_TOKEN,
        ),
        delete("Delete comment no auth", "/api/articles/some-slug/comments/1", status=401, checks=NO_TOKEN),
        post(
            "Setup: Register + create article",
            "/api/users",
            signup("ec"),
            status=201,
            captures={"token": "$.user.token"},
        ),
        post(
            "Setup: create the article",
            "/api/articles",
            new_article("Err Comment Art {{uid}}", "test", "test"),
            auth="token",
            status=201,
            captures={"slug": "$.article.slug"},
        ),
        post(
            "Post comment empty body",
            "/api/articles/{{slug}}/comments",
            {"comment": {"body": ""}},
            auth="token",
            status=422,
            checks=[error_is("body", "can't be blank")],
        ),
        post(
            "Post comment on unknown article",
            UNKNOWN,
            {"comment": {"body": "orphan"}},
            auth="token",
            status=404,
            checks=NO_ARTICLE,
        ),
        get("Get comments on unknown article", UNKNOWN, status=404, checks=NO_ARTICLE),
        delete(
            "Delete comment on unknown article",
            UNKNOWN + "/99999",
            auth="token",
            status=404,
            checks=NO_ARTICLE,
        ),
        delete(
            "Delete non-existent comment on existing article",
            "/api/articles/{{slug}}/comments/99999",
            auth="token",
            status=404,
            checks=[error_is("comment", "not found")],
        ),
        delete("Cleanup", "/api/articles/{{slug}}", auth="token", status=204),
    ),
)
