"""Which failing requests are only the consequence of an earlier failure, and which are root failures.

The Conduit suites chain their requests: the token comes from Login, the slug from Create Article,
the comment id from Create Comment, the followed profile from Register Celeb. When a producer fails,
every consumer fails with it; the taxonomy asks for the upstream cause, so the rules look at root
failures and give each one the weight of what it dragged down.

A request the suite never sent because an earlier answer lacked a value it needs (hurl-v2: `not sent:
variable 'slug' is not set`; conduit-extra likewise) is always a consequence, never a root failure: its
failed checks are put down to the producer, else to the latest earlier failure. Nor does it tell that the
server stopped answering: it was never asked.

A write that went wrong while answering 2xx is a cause too: a read that still finds the comment a
delete should have removed (the delete answered 204 where 403 was due), or an article showing the
title an update should not have applied, fails because of that write, so it is its consequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evals.classify.record import FailureRecord
from evals.classify.rules.roles import PROTECTED_ROLES, Req, request_view

# An identifier the client never received, sent back in a URL: `/articles/null`, `{{slug}}`...
NULL_ID = re.compile(r"/api/\S*?(?:/(?:null|undefined|None|NaN)(?=[/\s\"?]|$)|\{\{\w+\}\}|%7B%7B|\[object)")
SLUG_ROLES = frozenset(
    {"get_article", "update_article", "delete_article", "favorite", "unfavorite", "create_comment",
     "list_comments", "delete_comment"}
)  # fmt: skip
# What the suites write into a request they did not send because a value from an earlier answer is missing.
_UNSENT = ("not sent: variable ", "not sent: an earlier answer lacked")
_AFTER_CREATE_LISTS = frozenset({"list_articles", "filter_author", "filter_favorited", "filter_tag"})
# Reads that show what an earlier write of the same resource did (or should not have done).
_WRITES_SEEN_BY: dict[str, tuple[str, ...]] = {
    "list_comments": ("delete_comment", "create_comment"),
    "get_article": ("delete_article", "update_article"),
    "list_articles": ("delete_article", "update_article"),
    "filter_author": ("delete_article",),
    "filter_tag": ("delete_article", "update_article"),
    "get_profile": ("follow", "unfollow"),
    "current_user": ("update_user",),
}


@dataclass
class Analysis:
    """The requests of a record with their cascades worked out."""

    reqs: list[Req]
    # request position -> (position of the request it depends on, why)
    cascade: dict[int, tuple[int, str]] = field(default_factory=dict)
    null_ids: list[str] = field(default_factory=list)
    crash_at: int | None = None  # the request after which the server stopped answering
    unlisted_passed: bool = False  # a failing-only list shorter than the suite: the others were answered

    def by_role(self, *roles: str) -> list[Req]:
        return [r for r in self.reqs if r.role in roles]

    def failing(self, *roles: str) -> list[Req]:
        return [r for r in self.by_role(*roles) if r.failing]

    def roots(self) -> list[Req]:
        return [r for i, r in enumerate(self.reqs) if r.failing and i not in self.cascade and not unsent(r)]

    def position(self, req: Req) -> int:
        return next(i for i, r in enumerate(self.reqs) if r is req)

    def downstream_of(self, req: Req) -> list[Req]:
        """Requests whose failure was put down to `req`, directly or through another cascade."""
        found, frontier = [], {self.position(req)}
        while frontier:
            step = [i for i, (origin, _) in self.cascade.items() if origin in frontier]
            found += step
            frontier = set(step)
        return [self.reqs[i] for i in found]

    def weight(self, reqs: list[Req], with_downstream: bool = True) -> int:
        """Failed assertions explained by these requests (each counts at least one)."""
        total = 0
        for req in reqs:
            total += max(req.result.failed, 1)
            if with_downstream:
                total += sum(max(d.result.failed, 1) for d in self.downstream_of(req))
        return total

    @property
    def failed_total(self) -> int:
        return sum(max(r.result.failed, 1) for r in self.reqs if r.failing)

    @property
    def answered_any(self) -> bool:
        return self.unlisted_passed or any(r.answered for r in self.reqs)

    def login_ok(self) -> bool:
        logins = self.by_role("login")
        return bool(logins) and not any(r.hard_fail for r in logins)


def unsent(req: Req) -> bool:
    """Not sent by the suite: a variable it needs was never captured from an earlier answer."""
    return req.result.status is None and (req.result.error or "").startswith(_UNSENT)


def _producer_name(req: Req) -> str:
    return f"{req.result.name} {req.result.method}"


def _null_id_evidence(record: FailureRecord, reqs: list[Req]) -> list[str]:
    found = [f"request path {r.result.path}" for r in reqs if r.result.path and NULL_ID.search(r.result.path)]
    found += [f"log: {line.strip()[:160]}" for line in record.server_log.splitlines() if NULL_ID.search(line)]
    return found


def _crash_point(reqs: list[Req]) -> int | None:
    """Position of the first unanswered request when no request after it was answered either (requests
    never sent are neither)."""
    for i, req in enumerate(reqs):
        if not req.answered and not unsent(req):
            return i if not any(later.answered for later in reqs[i:]) else None
    return None


def _unsent_origin(reqs: list[Req], i: int) -> int | None:
    """What left request `i` unsent: the failed producer of what it needs, else the latest earlier failure."""
    for role in _depends_on(reqs[i]):
        producer = next((j for j in range(i) if reqs[j].role == role and reqs[j].failing), None)
        if producer is not None:
            return producer
    earlier = [j for j in range(i) if reqs[j].failing]
    sent = [j for j in earlier if not unsent(reqs[j])]
    return (sent or earlier or [None])[-1]


def _depends_on(req: Req) -> tuple[str, ...]:
    """The producer roles whose failure explains a failure of `req`."""
    producers: list[str] = []
    if req.role == "login":
        producers.append("register")
    if req.role in PROTECTED_ROLES or req.authenticated:
        producers.append("login")
    if req.role in SLUG_ROLES or (req.after_create and req.role in _AFTER_CREATE_LISTS):
        producers.append("create_article")
    if req.role in {"list_comments", "delete_comment"}:
        producers.append("create_comment")
    if req.role in {"get_profile", "follow", "unfollow"}:
        producers.append("register_other")
    if req.role == "filter_favorited" and req.after_create:
        producers.append("favorite")
    return tuple(producers)


def _write_seen(reqs: list[Req], i: int) -> int | None:
    """The latest earlier write whose outcome request `i` reads, when that write failed (any status)."""
    writes = _WRITES_SEEN_BY.get(reqs[i].role, ())
    for j in range(i - 1, -1, -1):
        if reqs[j].role in writes:
            return j if reqs[j].failing else None
    return None


def _producer_failed(producer: Req, lost_identifier: bool) -> bool:
    if producer.hard_fail:
        return True
    # A favorite that did not stick makes the favorited lists fail too; an article answered without
    # its slug (the suite then sends `null`) makes every slug request fail.
    return producer.failing and (producer.role == "favorite" or (producer.role == "create_article" and lost_identifier))


def analyse(record: FailureRecord) -> Analysis:
    reqs = request_view(record)
    analysis = Analysis(reqs=reqs, null_ids=_null_id_evidence(record, reqs), crash_at=_crash_point(reqs))
    analysis.unlisted_passed = record.total_requests is not None and len(record.requests) < record.total_requests
    lost_identifier = bool(analysis.null_ids)
    if analysis.crash_at is not None:
        trigger = reqs[analysis.crash_at]
        for i in range(analysis.crash_at + 1, len(reqs)):
            if reqs[i].failing:
                analysis.cascade[i] = (analysis.crash_at, f"server stopped answering after {_producer_name(trigger)}")
    for i, req in enumerate(reqs):
        if not req.failing or i in analysis.cascade:
            continue
        if unsent(req):
            origin = _unsent_origin(reqs, i)
            if origin is not None:
                analysis.cascade[i] = (origin, f"not sent: {_producer_name(reqs[origin])} left it without a value")
            continue
        for role in _depends_on(req):
            earlier = [p for p in reqs[:i] if p.role == role]
            producer = next((p for p in earlier if _producer_failed(p, lost_identifier)), None)
            if producer is not None:
                analysis.cascade[i] = (analysis.position(producer), f"{role} failed: {_producer_name(producer)}")
                break
        else:
            write = _write_seen(reqs, i)
            if write is not None:
                analysis.cascade[i] = (write, f"reads what {_producer_name(reqs[write])} did")
    return analysis
