"""The feed: empty for a new user, then the followed author's articles, with limit and offset."""

from evals.suites.hurl_v2.dsl import count_eq, delete, eq, get, is_int, is_list, post
from evals.suites.hurl_v2.files._common import new_article, signup, summary_checks
from evals.suites.hurl_v2.model import SuiteFile

CELEB = "feedc_{{uid}}"
FEED = "/api/articles/feed"

FILE = SuiteFile(
    name="feed",
    entries=(
        post("Register main user", "/api/users", signup("feedm"), status=201, captures={"main_token": "$.user.token"}),
        post(
            "Register celeb user", "/api/users", signup("feedc"), status=201, captures={"celeb_token": "$.user.token"}
        ),
        get(
            "Feed for new user returns empty",
            FEED,
            auth="main_token",
            status=200,
            checks=[eq("$.articlesCount", 0), count_eq("$.articles", 0)],
        ),
        post(
            "Main follows celeb",
            f"/api/profiles/{CELEB}/follow",
            auth="main_token",
            status=200,
            checks=[eq("$.profile.following", True)],
        ),
        post(
            "Celeb creates article 1",
            "/api/articles",
            new_article("Feed Article 1 {{uid}}", "Feed test 1", "Feed body 1"),
            auth="celeb_token",
            status=201,
            captures={"slug1": "$.article.slug"},
        ),
        post(
            "Celeb creates article 2",
            "/api/articles",
            new_article("Feed Article 2 {{uid}}", "Feed test 2", "Feed body 2"),
            auth="celeb_token",
            status=201,
            captures={"slug2": "$.article.slug"},
        ),
        get(
            "Main checks feed",
            FEED,
            auth="main_token",
            status=200,
            checks=[
                is_list("$.articles"),
                is_int("$.articlesCount"),
                eq("$.articlesCount", 2),
                count_eq("$.articles", 2),
                *summary_checks(),
                eq("$.articles[0].author.username", CELEB),
            ],
        ),
        get(
            "Feed with limit=1",
            FEED + "?limit=1",
            auth="main_token",
            status=200,
            checks=[
                count_eq("$.articles", 1),
                eq("$.articlesCount", 2),
                *summary_checks(),
                eq("$.articles[0].author.username", CELEB),
                eq("$.articles[0].author.following", True),
            ],
        ),
        get(
            "Feed with limit=1&offset=1",
            FEED + "?limit=1&offset=1",
            auth="main_token",
            status=200,
            checks=[count_eq("$.articles", 1), eq("$.articlesCount", 2)],
        ),
        delete("Cleanup: delete articles", "/api/articles/{{slug1}}", auth="celeb_token", status=204),
        delete("Cleanup: delete the second article", "/api/articles/{{slug2}}", auth="celeb_token", status=204),
        delete("Cleanup: unfollow", f"/api/profiles/{CELEB}/follow", auth="main_token", status=200),
    ),
)
