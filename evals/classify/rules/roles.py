"""What each request of a suite does in the Conduit API (its role), whatever the suite calls it.

Roles come from the method and path when the record has paths (any suite), else from the request's
name: aligned in order with the Conduit Postman collection when the names are the collection's (this
also tells the anonymous `All Articles` from the authenticated one), else from name keywords.
A record that lists only its failing requests gets the collection's other requests back as passed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.classify.record import FailureRecord, RequestResult
from evals.suites.postman_v1.requests import REQUESTS

GROUP_OF: dict[str, str] = {
    "register": "users", "login": "users", "register_other": "users",
    "current_user": "user", "update_user": "user",
    "list_articles": "articles", "filter_author": "articles", "filter_favorited": "articles",
    "filter_tag": "articles", "feed": "articles", "create_article": "articles", "get_article": "articles",
    "update_article": "articles", "delete_article": "articles",
    "favorite": "favorites", "unfavorite": "favorites",
    "create_comment": "comments", "list_comments": "comments", "delete_comment": "comments",
    "get_profile": "profiles", "follow": "profiles", "unfollow": "profiles",
    "tags": "tags",
}  # fmt: skip
# Routes the API serves to anonymous callers: a 401/403 there means auth guards a public route.
PUBLIC_ROLES = frozenset(
    {"list_articles", "filter_author", "filter_favorited", "filter_tag", "get_article", "list_comments",
     "get_profile", "tags"}
)  # fmt: skip
# Routes that need the caller's token.
PROTECTED_ROLES = frozenset(
    {"current_user", "update_user", "feed", "create_article", "update_article", "delete_article", "favorite",
     "unfavorite", "create_comment", "delete_comment", "follow", "unfollow"}
)  # fmt: skip
FILTER_ROLES = frozenset({"filter_author", "filter_favorited", "filter_tag", "feed"})
# Requests the collection sends with a JSON content type and no body.
BODILESS_MUTATIONS = frozenset({"favorite", "unfavorite", "unfollow"})
RELATION_MUTATIONS = frozenset({"favorite", "unfavorite", "follow", "unfollow"})

_SLUG = r"[^/?#]+"
_PATH_ROLES: tuple[tuple[str, str, str], ...] = (
    ("POST", r"/users/login", "login"),
    ("POST", r"/users", "register"),
    ("GET", r"/user", "current_user"),
    ("PUT", r"/user", "update_user"),
    ("PATCH", r"/user", "update_user"),
    ("GET", r"/articles/feed", "feed"),
    ("GET", r"/articles", "list_articles"),
    ("POST", r"/articles", "create_article"),
    ("POST", rf"/articles/{_SLUG}/favorite", "favorite"),
    ("DELETE", rf"/articles/{_SLUG}/favorite", "unfavorite"),
    ("POST", rf"/articles/{_SLUG}/comments", "create_comment"),
    ("GET", rf"/articles/{_SLUG}/comments", "list_comments"),
    ("DELETE", rf"/articles/{_SLUG}/comments/{_SLUG}", "delete_comment"),
    ("GET", rf"/articles/{_SLUG}", "get_article"),
    ("PUT", rf"/articles/{_SLUG}", "update_article"),
    ("DELETE", rf"/articles/{_SLUG}", "delete_article"),
    ("POST", rf"/profiles/{_SLUG}/follow", "follow"),
    ("DELETE", rf"/profiles/{_SLUG}/follow", "unfollow"),
    ("GET", rf"/profiles/{_SLUG}", "get_profile"),
    ("GET", r"/tags", "tags"),
)
_NAME_ROLES: tuple[tuple[str, str], ...] = (
    ("celeb", "register_other"), ("register", "register"), ("login", "login"), ("current user", "current_user"),
    ("update user", "update_user"), ("feed", "feed"), ("favorited", "filter_favorited"),
    ("by author", "filter_author"), ("by tag", "filter_tag"), ("create article", "create_article"),
    ("single article", "get_article"), ("update article", "update_article"), ("delete article", "delete_article"),
    ("unfavorite", "unfavorite"), ("favorite", "favorite"), ("create comment", "create_comment"),
    ("delete comment", "delete_comment"), ("comments", "list_comments"), ("unfollow", "unfollow"),
    ("follow", "follow"), ("profile", "get_profile"), ("tags", "tags"), ("articles", "list_articles"),
)  # fmt: skip


def role_from_path(method: str, path: str) -> str:
    target = re.sub(r"^https?://[^/]+", "", path).split("?", 1)[0].rstrip("/")
    target = re.sub(r"^.*?/api(?=/)", "", target)
    query = path.split("?", 1)[1] if "?" in path else ""
    for verb, pattern, role in _PATH_ROLES:
        if method.upper() == verb and re.fullmatch(pattern, target):
            if role == "list_articles":
                for key in ("author", "favorited", "tag"):
                    if re.search(rf"(^|&){key}=", query):
                        return f"filter_{key}"
            return role
    return "unknown"


def role_from_name(name: str) -> str:
    lowered = name.lower()
    return next((role for key, role in _NAME_ROLES if key in lowered), "unknown")


@dataclass
class Req:
    """One request of the record with what the analysis needs to know about it."""

    result: RequestResult
    role: str
    authenticated: bool | None = None
    assumed_pass: bool = False  # absent from a failing-only list, so it passed
    after_create: bool = False  # sent after the article was created (list checks expect to find it)

    @property
    def status(self) -> int | None:
        return self.result.status

    @property
    def failing(self) -> bool:
        return self.result.failed > 0 or (self.result.error is not None and self.result.status is None)

    @property
    def answered(self) -> bool:
        return self.assumed_pass or self.result.status is not None

    @property
    def hard_fail(self) -> bool:
        """Failed without a usable answer: no response, or an error/redirect status."""
        return self.failing and (self.status is None or not 200 <= self.status < 300)

    @property
    def label(self) -> str:
        r = self.result
        status = r.status if r.status is not None else "no response"
        return f"{r.name} {r.method} → {status} ({r.failed} failed)".replace("  ", " ")

    @property
    def group(self) -> str:
        return GROUP_OF.get(self.role, "other")


def _aligned(requests: list[RequestResult]) -> list[int] | None:
    """Collection positions of the requests when they are the collection's requests in order."""
    positions, cursor = [], 0
    for result in requests:
        while cursor < len(REQUESTS) and not _same(REQUESTS[cursor].name, REQUESTS[cursor].method, result):
            cursor += 1
        if cursor == len(REQUESTS):
            return None
        positions.append(cursor)
        cursor += 1
    return positions


def _same(name: str, method: str, result: RequestResult) -> bool:
    return name.lower() == result.name.lower() and (not result.method or method == result.method.upper())


def request_view(record: FailureRecord) -> list[Req]:
    """The record's requests in suite order with roles; passing collection requests restored when absent."""
    requests = record.requests
    positions = _aligned(requests) if requests and not any(r.path for r in requests) else None
    if positions is None:
        reqs = [_from_result(r) for r in requests]
    else:
        listed = dict(zip(positions, requests, strict=True))
        failing_only = record.total_requests is not None and len(requests) < record.total_requests
        reqs = []
        for i, spec in enumerate(REQUESTS):
            role = role_from_path(spec.method, spec.url.replace("{{APIURL}}", "/api"))
            role = "register_other" if role == "register" and "celeb" in spec.name.lower() else role
            if i in listed:
                reqs.append(Req(listed[i], role, listed[i].authenticated or spec.authenticated))
            elif failing_only and spec.script is not None:
                result = RequestResult(name=spec.name, method=spec.method, status=200)
                reqs.append(Req(result, role, spec.authenticated, assumed_pass=True))
    seen_create = False
    for req in reqs:
        req.after_create = seen_create
        seen_create = seen_create or req.role == "create_article"
    return reqs


def _from_result(result: RequestResult) -> Req:
    role = role_from_path(result.method, result.path) if result.path else "unknown"
    if role == "unknown":
        role = role_from_name(result.name)
    elif role == "register" and "celeb" in result.name.lower():
        role = "register_other"
    authenticated = result.authenticated
    if authenticated is None and "with auth" in result.name.lower():
        authenticated = True
    elif authenticated is None and "without login" in result.name.lower():
        authenticated = False
    return Req(result, role, authenticated)
