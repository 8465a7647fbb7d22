"""Root causes read from the requests themselves: which ones failed, with what status, after what."""

from __future__ import annotations

import re
from collections.abc import Callable

from evals.classify.rules.candidate import BUSINESS, STATE, Candidate
from evals.classify.rules.cascade import Analysis
from evals.classify.rules.roles import (
    BODILESS_MUTATIONS,
    FILTER_ROLES,
    PROTECTED_ROLES,
    PUBLIC_ROLES,
    RELATION_MUTATIONS,
    Req,
)
from evals.classify.rules.signatures import AUTH, FRAMEWORK, QUERY

DENIED = frozenset({401, 403})
REDIRECTS = frozenset({301, 302, 307, 308})
# The same URL under another method: a 405 there means the URL pattern exists but dispatch is wrong.
_SIBLINGS: dict[str, tuple[str, ...]] = {
    "get_article": ("update_article", "delete_article"), "update_article": ("get_article",),
    "delete_article": ("get_article",), "current_user": ("update_user",), "update_user": ("current_user",),
    "favorite": ("unfavorite",), "unfavorite": ("favorite",), "follow": ("unfollow",), "unfollow": ("follow",),
    "create_comment": ("list_comments",), "list_comments": ("create_comment",),
    "list_articles": ("create_article",), "create_article": ("list_articles",),
}  # fmt: skip
_WRAPPED_BODY_WRITES = frozenset({"register", "login", "update_user", "create_article", "update_article",
                                  "create_comment"})  # fmt: skip
_READS = frozenset({"list_articles", "filter_author", "filter_favorited", "filter_tag", "feed", "get_article",
                    "list_comments", "tags"})  # fmt: skip
_SLUG_CONSUMERS = frozenset({"get_article", "update_article", "favorite", "unfavorite", "create_comment"})
_LOST_ID = {
    "create_article": re.compile(r"/articles/(null|undefined|None|NaN|\{\{slug\}\}|%7B%7Bslug)"),
    "create_comment": re.compile(r"/comments/(null|undefined|None|NaN|\{\{commentId\}\}|%7B%7BcommentId)"),
}


def _ok(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def _protected(req: Req) -> bool:
    return req.role in PROTECTED_ROLES or bool(req.authenticated)


def _candidate(subcategory: str, rule: str, tier: int, analysis: Analysis, reqs: list[Req], *notes: str) -> Candidate:
    evidence = [*notes, *(f"request: {r.label}" for r in reqs[:4])]
    return Candidate(subcategory, rule, tier, analysis.weight(reqs), evidence)


def gates(analysis: Analysis) -> list[Candidate]:
    """Auth failures come first: every authenticated request depends on them."""
    roots = analysis.roots()
    found = []
    public = [r for r in roots if r.role in PUBLIC_ROLES and r.status in DENIED]
    if public:
        found.append(_candidate(AUTH, "auth.public_route_protected", 2, analysis, public))
    canary = [r for r in roots if r.role == "current_user" and r.status in DENIED]
    if canary and analysis.login_ok():
        denied = [r for r in roots if _protected(r) and r.status is not None and 400 <= r.status < 500]
        note = f"Login passed, then {canary[0].label}"
        found.append(_candidate(AUTH, "auth.rejected_after_login", 2, analysis, denied, note))
    return found


def signatures(analysis: Analysis, framework: str = "") -> list[Candidate]:
    """Request patterns that point at one cause (the tier after the auth gate)."""
    rules: list[Callable[[Analysis, list[Req], str], list[Candidate]]] = [
        _empty_body, _method_routing, _redirected, _feed_route_order, _lost_identifier, _fastapi_body,
        _filtered_lists, _token_rejected, _not_forbidden,
    ]  # fmt: skip
    roots = analysis.roots()
    return [candidate for rule in rules for candidate in rule(analysis, roots, framework)]


def _empty_body(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    json_writes_work = any(_ok(r.status) for r in analysis.by_role("create_article", "register", "update_user"))
    bodiless = [r for r in roots if r.role in BODILESS_MUTATIONS and r.status in {400, 415}]
    if not (bodiless and json_writes_work):
        return []
    note = "bodiless JSON requests rejected while JSON-body writes work"
    return [_candidate(FRAMEWORK, "framework.empty_json_body", 2, analysis, bodiless, note)]


def _method_routing(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    def sibling_works(req: Req) -> bool:
        siblings = analysis.by_role(*_SIBLINGS.get(req.role, ()))
        return any(s.assumed_pass or (s.status is not None and s.status not in {404, 405}) for s in siblings)

    not_allowed = [r for r in roots if r.status == 405 and sibling_works(r)]
    if not not_allowed:
        return []
    note = "405 where another method on the same URL works"
    return [_candidate(FRAMEWORK, "framework.method_routing", 2, analysis, not_allowed, note)]


def _redirected(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    redirected = [r for r in roots if r.status in REDIRECTS]
    return [_candidate(FRAMEWORK, "framework.redirect", 2, analysis, redirected)] if redirected else []


def _feed_route_order(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    slug_works = not any(r.status == 404 for r in analysis.by_role("get_article"))
    feed = [r for r in roots if r.role == "feed" and r.status == 404]
    if not (feed and slug_works):
        return []
    note = "/articles/feed answered 404 while /articles/{slug} works: the slug route takes 'feed'"
    return [_candidate(FRAMEWORK, "framework.route_order", 2, analysis, feed, note)]


def _lost_identifier(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    """A create answered 2xx but its id/slug never reached the client: later URLs carry `null`."""
    found = []
    for producer in [r for r in roots if r.role in _LOST_ID and _ok(r.status)]:
        consumers = analysis.downstream_of(producer)
        nulls = [line for line in analysis.null_ids if _LOST_ID[producer.role].search(line)]
        slug_failures = [r for r in roots if r is not producer and r.role in _SLUG_CONSUMERS and not _ok(r.status)]
        if nulls:
            notes = [f"identifier sent back as null: {nulls[0]}"]
        elif producer.role == "create_article" and len(slug_failures) >= 3:
            consumers = slug_failures
            notes = ["created, then every request using the new slug fails"]
        else:
            continue
        weight = analysis.weight([producer, *consumers], with_downstream=False)
        evidence = [*notes, f"request: {producer.label}", *(f"request: {c.label}" for c in consumers[:2])]
        found.append(Candidate(STATE, "state.identifier_not_returned", 2, weight, evidence))
    return found


def _fastapi_body(analysis: Analysis, roots: list[Req], framework: str) -> list[Candidate]:
    """FastAPI reads `{"user": {...}}` as top-level fields unless the body model is embedded (FA-01)."""
    unwrapped = [r for r in roots if r.role in _WRAPPED_BODY_WRITES and r.status == 422]
    if framework != "fastapi" or not unwrapped:
        return []
    note = "FastAPI answers 422 to wrapped JSON bodies: the body model is not embedded"
    return [_candidate(FRAMEWORK, "framework.body_not_embedded", 2, analysis, unwrapped, note)]


def _filtered_lists(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    list_broken = any(r.failing and not _ok(r.status) for r in analysis.by_role("list_articles"))
    errors = [
        r for r in roots if r.role in FILTER_ROLES and (r.status is None or r.status in {400, 422} or r.status >= 500)
    ]
    if not errors or list_broken:
        return []
    note = "filtered lists fail while the plain list works"
    return [_candidate(QUERY, "query.filtered_lists", 2, analysis, errors, note)]


def _token_rejected(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    denied = [r for r in roots if _protected(r) and r.status in DENIED]
    if len(denied) < 2 or not analysis.login_ok():
        return []
    return [_candidate(AUTH, "auth.token_rejected", 2, analysis, denied, "Login passed")]


_WRITES = frozenset({"update_article", "delete_article", "delete_comment", "update_user", "create_comment"})
_DENIAL_EXPECTED = re.compile(r"\b40[13]\b|forbidden|unauthori[sz]ed", re.I)


def _not_forbidden(analysis: Analysis, roots: list[Req], _: str) -> list[Candidate]:
    """A write of someone else's resource answered 2xx where the checks expected 401/403: no ownership check."""
    allowed = [
        r for r in roots
        if r.role in _WRITES and _ok(r.status)
        and any(_DENIAL_EXPECTED.search(text) for text in [*r.result.failed_checks, *r.result.messages])
    ]  # fmt: skip
    if not allowed:
        return []
    note = "a write answered 2xx where 401/403 was expected: the owner is not checked"
    return [_candidate(AUTH, "auth.owner_not_checked", 2, analysis, allowed, note)]


def outcomes(analysis: Analysis) -> list[Candidate]:
    """Tier 4: what the failing responses are, when nothing more specific was found."""
    relation, reads, other = [], [], []
    for req in analysis.roots():
        if req.role in RELATION_MUTATIONS and _ok(req.status):
            relation.append(req)
        elif req.role in _READS and _ok(req.status):
            reads.append(req)
        else:
            other.append(req)
    found = []
    # When the plain profile read is wrong too, the flag is computed wrongly everywhere: not a persistence issue.
    profile_wrong = any(r.failing for r in analysis.by_role("get_profile"))
    if relation and not profile_wrong:
        note = "favorite/follow answered but the relation is not reflected"
        found.append(_candidate(STATE, "state.relation_not_persisted", 4, analysis, relation, note))
    else:
        other += relation
    if reads:
        note = "reads answer 2xx but miss what the writes stored"
        found.append(_candidate(QUERY, "query.reads_miss_data", 4, analysis, reads, note))
    if other:
        trigger = analysis.reqs[analysis.crash_at] if analysis.crash_at is not None else None
        notes = [f"the server stopped answering at {trigger.label}"] if any(r is trigger for r in other) else []
        found.append(_candidate(BUSINESS, "business.spec_mismatch", 4, analysis, other, *notes))
    return found
