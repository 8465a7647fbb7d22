"""Article errors: 401 without a token, 422 on blank fields, 404 on unknown slugs; duplicate titles."""

from evals.suites.hurl_v2.dsl import Var, delete, error_is, get, ne, post, put
from evals.suites.hurl_v2.files._common import new_article, signup
from evals.suites.hurl_v2.model import SuiteFile

UNKNOWN = "/api/articles/unknown-slug-{{uid}}"
NO_TOKEN = [error_is("token", "is missing")]
NOT_FOUND = [error_is("article", "not found")]
BODY_ONLY = {"article": {"body": "test"}}

FILE = SuiteFile(
    name="errors_articles",
    entries=(
        post(
            "Create article no auth",
            "/api/articles",
            new_article("No Auth Article", "test", "test"),
            status=401,
            checks=NO_TOKEN,
        ),
        get("GET unknown slug", UNKNOWN, status=404, checks=NOT_FOUND),
        put("Update no auth", "/api/articles/some-slug", BODY_ONLY, status=401, checks=NO_TOKEN),
        delete("Delete no auth", "/api/articles/some-slug", status=401, checks=NO_TOKEN),
        get("GET feed no auth", "/api/articles/feed", status=401, checks=NO_TOKEN),
        post("Favorite no auth", "/api/articles/some-slug/favorite", status=401, checks=NO_TOKEN),
        delete("Unfavorite no auth", "/api/articles/some-slug/favorite", status=401, checks=NO_TOKEN),
        post(
            "Setup: Register for authenticated error tests",
            "/api/users",
            signup("ea_art"),
            status=201,
            captures={"token": "$.user.token"},
        ),
        post(
            "Create article empty title",
            "/api/articles",
            new_article("", "test", "test"),
            auth="token",
            status=422,
            checks=[error_is("title", "can't be blank")],
        ),
        post(
            "Create article empty description",
            "/api/articles",
            new_article("Err Desc {{uid}}", "", "test"),
            auth="token",
            status=422,
            checks=[error_is("description", "can't be blank")],
        ),
        post(
            "Create article empty body",
            "/api/articles",
            new_article("Err Body {{uid}}", "test", ""),
            auth="token",
            status=422,
            checks=[error_is("body", "can't be blank")],
        ),
        post(
            "Duplicate titles are allowed (each gets a unique slug)",
            "/api/articles",
            new_article("Dup Title {{uid}}", "first", "first"),
            auth="token",
            status=201,
            captures={"slug1": "$.article.slug"},
        ),
        post(
            "Create a second article with the same title",
            "/api/articles",
            new_article("Dup Title {{uid}}", "second", "second"),
            auth="token",
            status=201,
            checks=[ne("$.article.slug", Var("slug1"))],
            captures={"slug2": "$.article.slug"},
        ),
        put("Update unknown slug", UNKNOWN, BODY_ONLY, auth="token", status=404, checks=NOT_FOUND),
        post("Favorite unknown slug", UNKNOWN + "/favorite", auth="token", status=404, checks=NOT_FOUND),
        delete("Unfavorite unknown slug", UNKNOWN + "/favorite", auth="token", status=404, checks=NOT_FOUND),
        put("Update unknown slug (again)", UNKNOWN, BODY_ONLY, auth="token", status=404, checks=NOT_FOUND),
        delete("Delete unknown slug", UNKNOWN, auth="token", status=404, checks=NOT_FOUND),
        delete("Cleanup", "/api/articles/{{slug1}}", auth="token", status=204),
        delete("Cleanup: second article", "/api/articles/{{slug2}}", auth="token", status=204),
    ),
)
