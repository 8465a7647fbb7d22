"""The collection's test scripts, one Python function per request, statement for statement.

Each function receives a `ScriptContext` and records its checks in `ctx.tests`, a dict keyed by
check name exactly like the scripts' legacy `tests` object: assigning a name twice keeps one entry.
Statements run in the scripts' order and every JavaScript operation that can throw goes through
`js`, so a script that would stop half-way in Postman stops at the same statement here, with the
checks recorded before it still counted.

The checks repeated across requests (the user object, the single article, an article of a list)
are shared helpers; each helper records its checks in the same order as the scripts do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from evals.suites.postman_v1 import js
from evals.suites.postman_v1.variables import Globals

ISO_8601 = js.JsRegExp(r"^\d{4,}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d.\d+(?:[+-][0-2]\d:[0-5]\d|Z)$")


@dataclass
class ScriptContext:
    """What a test script sees: `responseCode.code`, `responseBody`, globals, `environment`, `tests`."""

    response_code: int | None
    response_body: Any  # the body text, or js.UNDEFINED when no response came back
    globals: Globals
    environment: Mapping[str, Any] = field(default_factory=dict)
    tests: dict[str, Any] = field(default_factory=dict)

    def is_integration_test(self) -> bool:
        """`environment.isIntegrationTest` (unset in the official runs, so the guarded checks run)."""
        return js.truthy(self.environment.get("isIntegrationTest", js.UNDEFINED))


Script = Callable[[ScriptContext], None]


# --- shared checks ---------------------------------------------------------------------------------


def _user_checks(ctx: ScriptContext) -> Any:
    """Parse the body, check the `user` object; returns the user value for the caller's extra checks."""
    t = ctx.tests
    response_json = js.json_parse(ctx.response_body)

    t['Response contains "user" property'] = js.has_own_property(response_json, "user", expression="responseJSON")

    user = js.or_(js.get(response_json, "user"), {})

    t['User has "email" property'] = js.has_own_property(user, "email", expression="user")
    t['User has "username" property'] = js.has_own_property(user, "username", expression="user")
    t['User has "bio" property'] = js.has_own_property(user, "bio", expression="user")
    t['User has "image" property'] = js.has_own_property(user, "image", expression="user")
    t['User has "token" property'] = js.has_own_property(user, "token", expression="user")
    return user


def _article_head(
    ctx: ScriptContext, article: Any, *, with_body: bool, capture_slug: bool = False, tag_order: bool = False
) -> None:
    """From `title` to the `tagList` array check (with `body` for a single article)."""
    t = ctx.tests
    t['Article has "title" property'] = js.has_own_property(article, "title", expression="article")
    t['Article has "slug" property'] = js.has_own_property(article, "slug", expression="article")
    if capture_slug:
        ctx.globals.set("slug", js.get(article, "slug"))
    if with_body:
        t['Article has "body" property'] = js.has_own_property(article, "body", expression="article")
    t['Article has "createdAt" property'] = js.has_own_property(article, "createdAt", expression="article")
    t['Article\'s "createdAt" property is an ISO 8601 timestamp'] = ISO_8601.test(js.get(article, "createdAt"))
    t['Article has "updatedAt" property'] = js.has_own_property(article, "updatedAt", expression="article")
    t['Article\'s "updatedAt" property is an ISO 8601 timestamp'] = ISO_8601.test(js.get(article, "updatedAt"))
    t['Article has "description" property'] = js.has_own_property(article, "description", expression="article")
    t['Article has "tagList" property'] = js.has_own_property(article, "tagList", expression="article")
    t['Article\'s "tagList" property is an Array'] = js.is_array(js.get(article, "tagList"))
    if tag_order:
        t["The first tag is dragons"] = js.strict_equals(js.get(js.get(article, "tagList"), 0), "dragons")
        t["The second tag is training"] = js.strict_equals(js.get(js.get(article, "tagList"), 1), "training")


def _article_tail(
    ctx: ScriptContext,
    article: Any,
    *,
    favorited_true: bool = False,
    count_is_one: bool = False,
    count_positive: bool = False,
    favorited_false: bool = False,
) -> None:
    """From `author` to the end: the favorite checks, in the order each script has them."""
    t = ctx.tests
    t['Article has "author" property'] = js.has_own_property(article, "author", expression="article")
    t['Article has "favorited" property'] = js.has_own_property(article, "favorited", expression="article")
    if favorited_true:
        t["Article's 'favorited' property is true"] = js.strict_equals(js.get(article, "favorited"), True)
    t['Article has "favoritesCount" property'] = js.has_own_property(article, "favoritesCount", expression="article")
    if count_is_one:
        t["favoritesCount is 1"] = js.strict_equals(js.get(article, "favoritesCount"), 1)
    else:
        t["favoritesCount is an integer"] = js.is_integer(js.get(article, "favoritesCount"))
    if count_positive:
        t["Article's 'favoritesCount' property is greater than 0"] = js.greater_than(
            js.get(article, "favoritesCount"), 0
        )
    if favorited_false:
        t['Article\'s "favorited" property is false'] = js.strict_equals(js.get(article, "favorited"), False)


def _single_article(ctx: ScriptContext, **tail: bool) -> None:
    """The scripts of the requests that answer one article (create, get, update, (un)favorite)."""
    t = ctx.tests
    response_json = js.json_parse(ctx.response_body)

    t['Response contains "article" property'] = js.has_own_property(response_json, "article", expression="responseJSON")

    article = js.or_(js.get(response_json, "article"), {})

    _article_head(ctx, article, with_body=True)
    _article_tail(ctx, article, **tail)


def _is_200(ctx: ScriptContext) -> bool:
    is_200_response = js.strict_equals(ctx.response_code, 200)
    ctx.tests["Response code is 200 OK"] = is_200_response
    return is_200_response


def _list_counts(ctx: ScriptContext, response_json: Any) -> None:
    t = ctx.tests
    t['Response contains "articles" property'] = js.has_own_property(
        response_json, "articles", expression="responseJSON"
    )
    t['Response contains "articlesCount" property'] = js.has_own_property(
        response_json, "articlesCount", expression="responseJSON"
    )
    t["articlesCount is an integer"] = js.is_integer(js.get(response_json, "articlesCount"))


def _profile_checks(ctx: ScriptContext, following: bool | None) -> None:
    """The profile scripts: a 200 check, then the profile keys (and `following` when given)."""
    if ctx.is_integration_test():
        return
    if _is_200(ctx):
        t = ctx.tests
        response_json = js.json_parse(ctx.response_body)

        t['Response contains "profile" property'] = js.has_own_property(
            response_json, "profile", expression="responseJSON"
        )

        profile = js.or_(js.get(response_json, "profile"), {})

        t['Profile has "username" property'] = js.has_own_property(profile, "username", expression="profile")
        t['Profile has "bio" property'] = js.has_own_property(profile, "bio", expression="profile")
        t['Profile has "image" property'] = js.has_own_property(profile, "image", expression="profile")
        t['Profile has "following" property'] = js.has_own_property(profile, "following", expression="profile")
        if following is True:
            t['Profile\'s "following" property is true'] = js.strict_equals(js.get(profile, "following"), True)
        elif following is False:
            t['Profile\'s "following" property is false'] = js.strict_equals(js.get(profile, "following"), False)


def _comment_checks(ctx: ScriptContext, comment: Any, *, capture_id: bool) -> None:
    t = ctx.tests
    t['Comment has "id" property'] = js.has_own_property(comment, "id", expression="comment")
    if capture_id:
        ctx.globals.set("commentId", js.get(comment, "id"))

    t['Comment has "body" property'] = js.has_own_property(comment, "body", expression="comment")
    t['Comment has "createdAt" property'] = js.has_own_property(comment, "createdAt", expression="comment")
    t['"createdAt" property is an ISO 8601 timestamp'] = ISO_8601.test(js.get(comment, "createdAt"))
    t['Comment has "updatedAt" property'] = js.has_own_property(comment, "updatedAt", expression="comment")
    t['"updatedAt" property is an ISO 8601 timestamp'] = ISO_8601.test(js.get(comment, "updatedAt"))
    t['Comment has "author" property'] = js.has_own_property(comment, "author", expression="comment")


# --- one script per request -----------------------------------------------------------------------


def register(ctx: ScriptContext) -> None:
    """Register and Register Celeb: the user checks, unless `isIntegrationTest` is set."""
    if not ctx.is_integration_test():
        _user_checks(ctx)


def user_response(ctx: ScriptContext) -> None:
    """Login, Current User, Update User."""
    _user_checks(ctx)


def login_and_remember_token(ctx: ScriptContext) -> None:
    user = _user_checks(ctx)

    if js.truthy(ctx.tests['User has "token" property']):
        ctx.globals.set("token", js.get(user, "token"))

    ctx.tests['Global variable "token" has been set'] = js.strict_equals(
        ctx.globals.get("token"), js.get(user, "token")
    )


def article_list(ctx: ScriptContext) -> None:
    """The list requests that accept an empty list (all articles, by author, feed...)."""
    if _is_200(ctx):
        response_json = js.json_parse(ctx.response_body)

        _list_counts(ctx, response_json)

        if js.truthy(js.get(js.get(response_json, "articles"), "length")):
            article = js.get(js.get(response_json, "articles"), 0)

            _article_head(ctx, article, with_body=False)
            _article_tail(ctx, article)
        else:
            ctx.tests["articlesCount is 0 when feed is empty"] = js.strict_equals(
                js.get(response_json, "articlesCount"), 0
            )


def articles_by_tag_after_create(ctx: ScriptContext) -> None:
    """Articles by Tag once the article exists: an article must come back, tags sorted."""
    if _is_200(ctx):
        response_json = js.json_parse(ctx.response_body)
        _list_counts(ctx, response_json)
        article = js.get(js.get(response_json, "articles"), 0)
        ctx.tests["An article was returned"] = not js.strict_equals(article, js.UNDEFINED)
        _article_head(ctx, article, with_body=False, tag_order=True)
        _article_tail(ctx, article)


def articles_favorited(ctx: ScriptContext) -> None:
    """Articles Favorited by Username once favorited: the first article has exactly one favorite."""
    if _is_200(ctx):
        response_json = js.json_parse(ctx.response_body)
        article = js.get(js.get(response_json, "articles"), 0)
        _list_counts(ctx, response_json)
        _article_head(ctx, article, with_body=False)
        _article_tail(ctx, article, count_is_one=True)


def create_article(ctx: ScriptContext) -> None:
    t = ctx.tests
    response_json = js.json_parse(ctx.response_body)

    t['Response contains "article" property'] = js.has_own_property(response_json, "article", expression="responseJSON")

    article = js.or_(js.get(response_json, "article"), {})

    _article_head(ctx, article, with_body=True, capture_slug=True)
    _article_tail(ctx, article)


def single_article(ctx: ScriptContext) -> None:
    """Single Article by slug."""
    _single_article(ctx)


def update_article(ctx: ScriptContext) -> None:
    if not ctx.is_integration_test():
        _single_article(ctx)


def favorite_article(ctx: ScriptContext) -> None:
    _single_article(ctx, favorited_true=True, count_positive=True)


def unfavorite_article(ctx: ScriptContext) -> None:
    _single_article(ctx, favorited_false=True)


def create_comment(ctx: ScriptContext) -> None:
    t = ctx.tests
    response_json = js.json_parse(ctx.response_body)

    t['Response contains "comment" property'] = js.has_own_property(response_json, "comment", expression="responseJSON")

    comment = js.or_(js.get(response_json, "comment"), {})

    _comment_checks(ctx, comment, capture_id=True)


def comment_list(ctx: ScriptContext) -> None:
    """All Comments for Article, with and without login."""
    if _is_200(ctx):
        response_json = js.json_parse(ctx.response_body)

        ctx.tests['Response contains "comments" property'] = js.has_own_property(
            response_json, "comments", expression="responseJSON"
        )

        if js.truthy(js.get(js.get(response_json, "comments"), "length")):
            comment = js.get(js.get(response_json, "comments"), 0)

            _comment_checks(ctx, comment, capture_id=False)


def profile(ctx: ScriptContext) -> None:
    _profile_checks(ctx, following=None)


def follow_profile(ctx: ScriptContext) -> None:
    _profile_checks(ctx, following=True)


def unfollow_profile(ctx: ScriptContext) -> None:
    _profile_checks(ctx, following=False)


def all_tags(ctx: ScriptContext) -> None:
    if _is_200(ctx):
        response_json = js.json_parse(ctx.response_body)

        ctx.tests['Response contains "tags" property'] = js.has_own_property(
            response_json, "tags", expression="responseJSON"
        )
        ctx.tests['"tags" property returned as array'] = js.is_array(js.get(response_json, "tags"))
