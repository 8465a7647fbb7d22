"""conduit-extra: contract clauses neither official suite checks, scored apart from the paper's A%.

The official suites accept a feed that returns every article, and say little about authorization; a
backend can score 311/311 and 538/538 with either defect. This suite checks, each check named by the
clause of the bundled contract it enforces (`clauses.py`): the feed (followed authors only, newest
first, emptied by an unfollow, counted in full), list pagination (default limit 20, offsets,
`articlesCount` as the total), combined filters, ownership of articles and comments (403, and still
there), refused duplicate registrations (409, nobody created), idempotent favorites and follows with
consistent counts, unique slugs for equal titles, ISO 8601 timestamps and an `updatedAt` that moves.

Every run makes its own users and articles (a fresh `uid` suffix), so it runs on any database, fresh
or not, and counts the same checks whatever the app answers.
"""

from __future__ import annotations

import httpx

from evals.results import SuiteResult
from evals.suites.base import OnRequest
from evals.suites.conduit_extra import articles, counts, feed, lists, ownership, people
from evals.suites.conduit_extra.probe import Probe
from evals.suites.conduit_extra.world import FILLERS, World
from evals.suites.hurl_v2.runner import new_uid

__all__ = ["ConduitExtraSuite"]


def _setup(world: World) -> None:
    """Users a, b, c; b writes b1 (tags t, x) and b2 (x), c writes c1 (t) and 20 more, a writes a1."""
    for who in ("a", "b", "c"):
        world.register(who)
    t, x = world.tag("t"), world.tag("x")
    world.create("b1", "b", f"Extra b1 {world.uid}", [t, x])
    world.create("c1", "c", f"Extra c1 {world.uid}", [t])
    world.create("b2", "b", f"Extra b2 {world.uid}", [x])
    world.create("a1", "a", f"Extra a1 {world.uid}", [])
    for n in range(1, FILLERS + 1):
        world.create(f"f{n}", "c", f"Extra filler {n} {world.uid}", [])


class ConduitExtraSuite:
    """The suite object (follows `evals.suites.base.Suite`)."""

    name = "conduit-extra"

    def __init__(self, uid: str | None = None) -> None:
        self.uid = uid

    def run(self, client: httpx.Client, on_request: OnRequest | None = None) -> SuiteResult:
        world = World(Probe(client, self.name, on_request), self.uid or new_uid())
        _setup(world)
        people.duplicates(world)
        feed.feed(world)
        lists.pages(world)
        counts.favorite_two(world)
        lists.filters(world)
        counts.favorites(world)
        counts.follows(world)
        ownership.articles(world)
        ownership.comments(world)
        articles.equal_titles(world)
        articles.update_moves_updated_at(world)
        return world.probe.done()
