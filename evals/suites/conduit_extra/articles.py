"""Slugs stay unique for equal titles; an update moves updatedAt and never createdAt."""

from __future__ import annotations

from evals.suites.conduit_extra.world import World, instant


def equal_titles(world: World) -> None:
    probe, title = world.probe, f"Same title {world.uid}"
    world.create("s1", "a", title, [], body="the first of two")
    world.create("s2", "a", title, [], body="the second of two")
    first, second = world.slugs["s1"], world.slugs["s2"]
    probe.check(
        "articles.slug-unique",
        "the two slugs differ",
        first is not None and second is not None and first != second,
        [first, second],
    )
    for key, body in (("s1", "the first of two"), ("s2", "the second of two")):
        reply = probe.send(f"{key} by its slug", "GET", world.article_path(key))
        probe.status("articles.slug-unique", reply, 200)
        got = reply.get("article", "body")
        probe.check("articles.slug-unique", f"the slug of {key} finds {key}", got == body, got)


def update_moves_updated_at(world: World) -> None:
    """b updates b1, created long before (every other scenario ran in between)."""
    probe, before = world.probe, world.created["b1"]
    change = {"article": {"body": f"b1, revised {world.uid}"}}
    reply = probe.send("b updates b1", "PUT", world.article_path("b1"), change, token=world.tokens["b"])
    probe.status("time.updated-moves", reply, 200)
    created, updated = reply.get("article", "createdAt"), reply.get("article", "updatedAt")
    probe.check(
        "time.iso8601", "updatedAt of the update is ISO 8601 with a zone", instant(updated) is not None, updated
    )
    was_created = before.get("article", "createdAt")
    probe.check("time.updated-moves", "createdAt is unchanged", created is not None and created == was_created, created)
    old, new = instant(before.get("article", "updatedAt")), instant(updated)
    probe.check(
        "time.updated-moves", "updatedAt moved forward", old is not None and new is not None and new > old, updated
    )
