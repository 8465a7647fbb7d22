"""Ownership: another user may not update or delete an article, nor delete its author's comment."""

from evals.suites.hurl_v2.dsl import count_ge, delete, eq, error_is, get, post, put
from evals.suites.hurl_v2.files._common import new_article, signup
from evals.suites.hurl_v2.model import SuiteFile

ARTICLE = "/api/articles/{{slug}}"

FILE = SuiteFile(
    name="errors_authorization",
    entries=(
        post("Register user A", "/api/users", signup("authz_a"), status=201, captures={"token_a": "$.user.token"}),
        post("Register user B", "/api/users", signup("authz_b"), status=201, captures={"token_b": "$.user.token"}),
        post(
            "User A creates article",
            "/api/articles",
            new_article("Authz Article {{uid}}", "test", "test"),
            auth="token_a",
            status=201,
            captures={"slug": "$.article.slug"},
        ),
        delete(
            "User B tries to delete -> 403",
            ARTICLE,
            auth="token_b",
            status=403,
            checks=[error_is("article", "forbidden")],
        ),
        put(
            "User B tries to update -> 403",
            ARTICLE,
            {"article": {"body": "hijacked"}},
            auth="token_b",
            status=403,
            checks=[error_is("article", "forbidden")],
        ),
        post(
            "User A creates a comment on the article",
            ARTICLE + "/comments",
            {"comment": {"body": "A's comment"}},
            auth="token_a",
            status=201,
            captures={"comment_id": "$.comment.id"},
        ),
        delete(
            "User B tries to delete A's comment -> 403",
            ARTICLE + "/comments/{{comment_id}}",
            auth="token_b",
            status=403,
            checks=[error_is("comment", "forbidden")],
        ),
        get(
            "Verify comment survived the failed delete",
            ARTICLE + "/comments",
            status=200,
            checks=[count_ge("$.comments", 1), eq("$.comments[0].body", "A's comment")],
        ),
        delete("Cleanup: User A deletes article", ARTICLE, auth="token_a", status=204),
    ),
)
