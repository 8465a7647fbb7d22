"""Root causes read from the requests themselves: which ones failed, with what status, after what."""

from __future__ import annotations

from evals.classify.candidate import BUSINESS, STATE, Candidate
from evals.classify.cascade import Analysis
from evals.classify.logscan import Hit
from evals.classify.roles import (
    BODILESS_MUTATIONS,
    FILTER_ROLES,
    PROTECTED_ROLES,
    PUBLIC_ROLES,
    RELATION_MUTATIONS,
    Req,
)
from evals.classify.signatures import AUTH, FRAMEWORK, QUERY

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
_READS = frozenset({"list_articles", "filter_author", "filter_favorited", "filter_tag", "feed", "get_article",
                    "list_comments", "tags"})  # fmt: skip


def _ok(status: int | None) -> bool:
    return status is not None and 200 <= status < 300


def _protected(req: Req) -> bool:
    return req.role in PROTECTED_ROLES or bool(req.authenticated)


def _candidate(subcategory: str, rule: str, tier: int, analysis: Analysis, reqs: list[Req], *notes: str) -> Candidate:
    return Candidate(
        subcategory, rule, tier, analysis.weight(reqs), [*notes, *(f"request: {r.label}" for r in reqs[:4])]
    )


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


def signatures(analysis: Analysis, hits: list[Hit]) -> list[Candidate]:
    """Request patterns that point at one cause (the tier after the auth gate)."""
    roots = analysis.roots()
    found = []

    json_writes_work = any(_ok(r.status) for r in analysis.by_role("create_article", "register", "update_user"))
    bodiless = [r for r in roots if r.role in BODILESS_MUTATIONS and r.status in {400, 415}]
    if bodiless and json_writes_work:
        note = "bodiless JSON requests rejected while JSON-body writes work"
        found.append(_candidate(FRAMEWORK, "framework.empty_json_body", 2, analysis, bodiless, note))

    not_allowed = [r for r in roots if r.status == 405 and _sibling_works(analysis, r)]
    if not_allowed:
        note = "405 where another method on the same URL works"
        found.append(_candidate(FRAMEWORK, "framework.method_routing", 2, analysis, not_allowed, note))

    redirected = [r for r in roots if r.status in REDIRECTS]
    if redirected:
        found.append(_candidate(FRAMEWORK, "framework.redirect", 2, analysis, redirected))

    slug_works = not any(r.status == 404 for r in analysis.by_role("get_article"))
    feed = [r for r in roots if r.role == "feed" and r.status == 404]
    if feed and slug_works:
        note = "/articles/feed answered 404 while /articles/{slug} works: the slug route takes 'feed'"
        found.append(_candidate(FRAMEWORK, "framework.route_order", 2, analysis, feed, note))

    found += _lost_identifier(analysis, roots)

    list_broken = any(r.failing and not _ok(r.status) for r in analysis.by_role("list_articles"))
    filtered = [
        r for r in roots if r.role in FILTER_ROLES and (r.status is None or r.status in {400, 422} or r.status >= 500)
    ]
    if filtered and not list_broken:
        note = "filtered lists fail while the plain list works"
        found.append(_candidate(QUERY, "query.filtered_lists", 2, analysis, filtered, note))

    denied = [r for r in roots if _protected(r) and r.status in DENIED]
    if len(denied) >= 2 and analysis.login_ok():
        found.append(_candidate(AUTH, "auth.token_rejected", 2, analysis, denied, "Login passed"))
    return found


def _sibling_works(analysis: Analysis, req: Req) -> bool:
    siblings = analysis.by_role(*_SIBLINGS.get(req.role, ()))
    return any(s.assumed_pass or (s.status is not None and s.status not in {404, 405}) for s in siblings)


def _lost_identifier(analysis: Analysis, roots: list[Req]) -> list[Candidate]:
    """A create answered 2xx but its id/slug never reached the client: later URLs carry `null`."""
    found = []
    for producer in [r for r in roots if r.role in {"create_article", "create_comment"} and _ok(r.status)]:
        consumers = analysis.downstream_of(producer)
        slug_failures = [r for r in roots if r is not producer and r.role in _SLUG_CONSUMERS and not _ok(r.status)]
        if analysis.null_ids and (consumers or producer.role == "create_comment"):
            notes = [f"identifier sent back as null: {analysis.null_ids[0]}"]
        elif len(slug_failures) >= 3:
            consumers = slug_failures
            notes = ["created, then every request using the new slug fails"]
        else:
            continue
        weight = analysis.weight([producer, *consumers], with_downstream=False)
        evidence = [*notes, f"request: {producer.label}", *(f"request: {c.label}" for c in consumers[:2])]
        found.append(Candidate(STATE, "state.identifier_not_returned", 2, weight, evidence))
    return found


_SLUG_CONSUMERS = frozenset({"get_article", "update_article", "favorite", "unfavorite", "create_comment"})


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
        found.append(_candidate(BUSINESS, "business.spec_mismatch", 4, analysis, other))
    return found
