"""Comments: create, list with and without auth, delete, and delete one of two."""

from evals.suites.hurl_v2.dsl import Var, count_eq, delete, eq, get, is_int, is_list, matches, post
from evals.suites.hurl_v2.files._common import DATE_TIME, new_article, signup
from evals.suites.hurl_v2.model import SuiteFile

ME = "cmt_{{uid}}"
COMMENTS = "/api/articles/{{slug}}/comments"


def _comment(body: str) -> dict[str, dict[str, str]]:
    return {"comment": {"body": body}}


FILE = SuiteFile(
    name="comments",
    entries=(
        post("Setup: Register", "/api/users", signup("cmt"), status=201, captures={"token": "$.user.token"}),
        post(
            "Setup: Create article",
            "/api/articles",
            new_article("Comment Article {{uid}}", "For comments", "Article body"),
            auth="token",
            status=201,
            captures={"slug": "$.article.slug"},
        ),
        post(
            "Create comment",
            COMMENTS,
            _comment("Test comment body"),
            auth="token",
            status=201,
            checks=[
                is_int("$.comment.id"),
                eq("$.comment.body", "Test comment body"),
                matches("$.comment.createdAt", DATE_TIME),
                matches("$.comment.updatedAt", DATE_TIME),
                eq("$.comment.author.username", ME),
            ],
            captures={"comment_id": "$.comment.id"},
        ),
        get(
            "List comments",
            COMMENTS,
            auth="token",
            status=200,
            checks=[
                is_list("$.comments"),
                count_eq("$.comments", 1),
                eq("$.comments[0].id", Var("comment_id")),
                eq("$.comments[0].body", "Test comment body"),
                matches("$.comments[0].createdAt", DATE_TIME),
                matches("$.comments[0].updatedAt", DATE_TIME),
                eq("$.comments[0].author.username", ME),
            ],
        ),
        get(
            "List comments without auth",
            COMMENTS,
            status=200,
            checks=[
                is_list("$.comments"),
                count_eq("$.comments", 1),
                is_int("$.comments[0].id"),
                eq("$.comments[0].body", "Test comment body"),
                matches("$.comments[0].createdAt", DATE_TIME),
                matches("$.comments[0].updatedAt", DATE_TIME),
                eq("$.comments[0].author.username", ME),
            ],
        ),
        delete("Delete comment", COMMENTS + "/{{comment_id}}", auth="token", status=204),
        get("Verify deletion", COMMENTS, status=200, checks=[count_eq("$.comments", 0)]),
        post(
            "Selective deletion: create two comments, delete one, verify the other remains",
            COMMENTS,
            _comment("First comment"),
            auth="token",
            status=201,
            captures={"first_comment_id": "$.comment.id"},
        ),
        post("Create the second comment", COMMENTS, _comment("Second comment"), auth="token", status=201),
        get("Verify two comments exist", COMMENTS, status=200, checks=[count_eq("$.comments", 2)]),
        delete("Delete the first comment", COMMENTS + "/{{first_comment_id}}", auth="token", status=204),
        get(
            "Verify only the second comment remains",
            COMMENTS,
            status=200,
            checks=[count_eq("$.comments", 1), eq("$.comments[0].body", "Second comment")],
        ),
        delete("Cleanup", "/api/articles/{{slug}}", auth="token", status=204),
    ),
)
