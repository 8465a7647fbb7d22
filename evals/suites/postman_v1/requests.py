"""The 32 requests of the Conduit Postman collection (v1), in the collection's order.

URLs, headers and bodies are templates over the run's variables: `APIURL` (the server root plus
`/api`), `USERNAME`, `EMAIL` and `PASSWORD` (made per run), and `token`, `slug` and `commentId`
(set by the scripts of Login and Remember Token, Create Article and Create Comment).
"""

from __future__ import annotations

from dataclasses import dataclass

from evals.suites.postman_v1 import scripts
from evals.suites.postman_v1.scripts import Script

BASE_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Type", "application/json"),
    ("X-Requested-With", "XMLHttpRequest"),
)
AUTH_HEADER: tuple[str, str] = ("Authorization", "Token {{token}}")


@dataclass(frozen=True)
class RequestSpec:
    """One request of the collection and the test script that checks its response."""

    folder: str
    name: str
    method: str
    url: str
    authenticated: bool = False
    body: str = ""
    script: Script | None = None

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        return (*BASE_HEADERS, AUTH_HEADER) if self.authenticated else BASE_HEADERS


_AUTH = "Auth"
_ARTICLES = "Articles"
_FAVORITES = "Articles, Favorite, Comments"
_PROFILES = "Profiles"
_TAGS = "Tags"

_REGISTER_BODY = '{"user":{"email":"{{EMAIL}}", "password":"{{PASSWORD}}", "username":"{{USERNAME}}"}}'
_LOGIN_BODY = '{"user":{"email":"{{EMAIL}}", "password":"{{PASSWORD}}"}}'
_EMAIL_BODY = '{"user":{"email":"{{EMAIL}}"}}'
_ARTICLE_BODY = (
    '{"article":{"title":"How to train your dragon", "description":"Ever wonder how?", '
    '"body":"Very carefully.", "tagList":["training", "dragons"]}}'
)
_CELEB_BODY = '{"user":{"email":"celeb_{{EMAIL}}", "password":"{{PASSWORD}}", "username":"celeb_{{USERNAME}}"}}'

REQUESTS: tuple[RequestSpec, ...] = (
    RequestSpec(_AUTH, "Register", "POST", "{{APIURL}}/users", body=_REGISTER_BODY, script=scripts.register),
    RequestSpec(_AUTH, "Login", "POST", "{{APIURL}}/users/login", body=_LOGIN_BODY, script=scripts.user_response),
    RequestSpec(
        _AUTH,
        "Login and Remember Token",
        "POST",
        "{{APIURL}}/users/login",
        body=_LOGIN_BODY,
        script=scripts.login_and_remember_token,
    ),
    RequestSpec(_AUTH, "Current User", "GET", "{{APIURL}}/user", True, script=scripts.user_response),
    RequestSpec(_AUTH, "Update User", "PUT", "{{APIURL}}/user", True, _EMAIL_BODY, scripts.user_response),
    RequestSpec(_ARTICLES, "All Articles", "GET", "{{APIURL}}/articles", script=scripts.article_list),
    RequestSpec(
        _ARTICLES, "Articles by Author", "GET", "{{APIURL}}/articles?author=johnjacob", script=scripts.article_list
    ),
    RequestSpec(
        _ARTICLES,
        "Articles Favorited by Username",
        "GET",
        "{{APIURL}}/articles?favorited={{USERNAME}}",
        script=scripts.article_list,
    ),
    RequestSpec(_ARTICLES, "Articles by Tag", "GET", "{{APIURL}}/articles?tag=dragons", script=scripts.article_list),
    RequestSpec(
        _FAVORITES, "Create Article", "POST", "{{APIURL}}/articles", True, _ARTICLE_BODY, scripts.create_article
    ),
    RequestSpec(_FAVORITES, "Feed", "GET", "{{APIURL}}/articles/feed", True, script=scripts.article_list),
    RequestSpec(_FAVORITES, "All Articles", "GET", "{{APIURL}}/articles", True, script=scripts.article_list),
    RequestSpec(_FAVORITES, "All Articles with auth", "GET", "{{APIURL}}/articles", True, script=scripts.article_list),
    RequestSpec(
        _FAVORITES,
        "Articles by Author",
        "GET",
        "{{APIURL}}/articles?author={{USERNAME}}",
        True,
        script=scripts.article_list,
    ),
    RequestSpec(
        _FAVORITES,
        "Articles by Author with auth",
        "GET",
        "{{APIURL}}/articles?author={{USERNAME}}",
        True,
        script=scripts.article_list,
    ),
    RequestSpec(
        _FAVORITES, "Single Article by slug", "GET", "{{APIURL}}/articles/{{slug}}", True, script=scripts.single_article
    ),
    RequestSpec(
        _FAVORITES,
        "Articles by Tag",
        "GET",
        "{{APIURL}}/articles?tag=dragons",
        True,
        script=scripts.articles_by_tag_after_create,
    ),
    RequestSpec(
        _FAVORITES,
        "Update Article",
        "PUT",
        "{{APIURL}}/articles/{{slug}}",
        True,
        '{"article":{"body":"With two hands"}}',
        scripts.update_article,
    ),
    RequestSpec(
        _FAVORITES,
        "Favorite Article",
        "POST",
        "{{APIURL}}/articles/{{slug}}/favorite",
        True,
        script=scripts.favorite_article,
    ),
    RequestSpec(
        _FAVORITES,
        "Articles Favorited by Username",
        "GET",
        "{{APIURL}}/articles?favorited={{USERNAME}}",
        True,
        script=scripts.articles_favorited,
    ),
    RequestSpec(
        _FAVORITES,
        "Articles Favorited by Username with auth",
        "GET",
        "{{APIURL}}/articles?favorited={{USERNAME}}",
        True,
        script=scripts.articles_favorited,
    ),
    RequestSpec(
        _FAVORITES,
        "Unfavorite Article",
        "DELETE",
        "{{APIURL}}/articles/{{slug}}/favorite",
        True,
        script=scripts.unfavorite_article,
    ),
    RequestSpec(
        _FAVORITES,
        "Create Comment for Article",
        "POST",
        "{{APIURL}}/articles/{{slug}}/comments",
        True,
        '{"comment":{"body":"Thank you so much!"}}',
        scripts.create_comment,
    ),
    RequestSpec(
        _FAVORITES,
        "All Comments for Article",
        "GET",
        "{{APIURL}}/articles/{{slug}}/comments",
        True,
        script=scripts.comment_list,
    ),
    RequestSpec(
        _FAVORITES,
        "All Comments for Article without login",
        "GET",
        "{{APIURL}}/articles/{{slug}}/comments",
        script=scripts.comment_list,
    ),
    RequestSpec(
        _FAVORITES, "Delete Comment for Article", "DELETE", "{{APIURL}}/articles/{{slug}}/comments/{{commentId}}", True
    ),
    RequestSpec(_FAVORITES, "Delete Article", "DELETE", "{{APIURL}}/articles/{{slug}}", True),
    RequestSpec(_PROFILES, "Register Celeb", "POST", "{{APIURL}}/users", body=_CELEB_BODY, script=scripts.register),
    RequestSpec(_PROFILES, "Profile", "GET", "{{APIURL}}/profiles/celeb_{{USERNAME}}", True, script=scripts.profile),
    RequestSpec(
        _PROFILES,
        "Follow Profile",
        "POST",
        "{{APIURL}}/profiles/celeb_{{USERNAME}}/follow",
        True,
        _EMAIL_BODY,
        scripts.follow_profile,
    ),
    RequestSpec(
        _PROFILES,
        "Unfollow Profile",
        "DELETE",
        "{{APIURL}}/profiles/celeb_{{USERNAME}}/follow",
        True,
        script=scripts.unfollow_profile,
    ),
    RequestSpec(_TAGS, "All Tags", "GET", "{{APIURL}}/tags", script=scripts.all_tags),
)
