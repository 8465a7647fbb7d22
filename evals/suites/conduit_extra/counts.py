"""Favorites and follows: idempotent, and the same counts and flags wherever an article is shown."""

from __future__ import annotations

from evals.suites.conduit_extra.probe import Reply
from evals.suites.conduit_extra.world import FILLERS, World


def _favorite(world: World, who: str, key: str, method: str, count: int, title: str) -> None:
    probe = world.probe
    reply = probe.send(title, method, world.article_path(key, "/favorite"), token=world.tokens[who])
    probe.status("favorites.idempotent", reply, 200)
    favorited, total = reply.get("article", "favorited"), reply.get("article", "favoritesCount")
    probe.check("favorites.idempotent", f"favorited is {method == 'POST'}", favorited is (method == "POST"), favorited)
    probe.check("favorites.idempotent", f"favoritesCount is {count}", total == count, total)


def favorite_two(world: World) -> None:
    """a favorites c1 and b2 (the filters read them)."""
    _favorite(world, "a", "c1", "POST", 1, "a favorites c1")
    _favorite(world, "a", "b2", "POST", 1, "a favorites b2")


def _shown_as(world: World, reply: Reply, item: dict | None, where: str, favorited: bool, count: int) -> None:
    probe = world.probe
    probe.status("counts.consistent", reply, 200)
    got = (item or {}).get("favorited"), (item or {}).get("favoritesCount")
    probe.check(
        "counts.consistent", f"{where}: favorited {favorited}, favoritesCount {count}", got == (favorited, count), got
    )


def _c1_in(reply: Reply, slug: str | None) -> dict | None:
    return next((item for item in reply.articles() if item.get("slug") == slug), None)


def favorites(world: World) -> None:
    probe, a, slug = world.probe, world.tokens["a"], world.slugs["c1"]
    _favorite(world, "a", "c1", "POST", 1, "a favorites c1 again")
    _favorite(world, "b", "c1", "POST", 2, "b favorites c1")
    reply = probe.send("c1 as a", "GET", world.article_path("c1"), token=a)
    _shown_as(world, reply, reply.get("article"), "detail", True, 2)
    reply = probe.send(
        "c's oldest page as a", "GET", f"/api/articles?author={world.name('c')}&offset={FILLERS}", token=a
    )
    _shown_as(world, reply, _c1_in(reply, slug), "author list", True, 2)
    reply = probe.send("a's favorites as a", "GET", f"/api/articles?favorited={world.name('a')}", token=a)
    _shown_as(world, reply, _c1_in(reply, slug), "favorited list", True, 2)
    _favorite(world, "a", "c1", "DELETE", 1, "a unfavorites c1")
    _favorite(world, "a", "c1", "DELETE", 1, "a unfavorites c1 again")
    reply = probe.send("c1 as a, after the unfavorite", "GET", world.article_path("c1"), token=a)
    _shown_as(world, reply, reply.get("article"), "detail", False, 1)


def _following(world: World, reply: Reply, value: object, where: str, expected: bool) -> None:
    world.probe.status("counts.consistent", reply, 200)
    world.probe.check("counts.consistent", f"{where}: following {expected}", value is expected, value)


def follows(world: World) -> None:
    probe, a = world.probe, world.tokens["a"]
    for title in ("a follows c", "a follows c again"):
        reply = probe.send(title, "POST", world.profile_path("c", "/follow"), token=a)
        _following(world, reply, reply.get("profile", "following"), "follow answer", True)
    reply = probe.send("c's profile as a", "GET", world.profile_path("c"), token=a)
    _following(world, reply, reply.get("profile", "following"), "profile", True)
    reply = probe.send("c1 as a", "GET", world.article_path("c1"), token=a)
    _following(world, reply, reply.get("article", "author", "following"), "article detail", True)
    reply = probe.send("c's newest article as a", "GET", f"/api/articles?author={world.name('c')}&limit=1", token=a)
    _following(world, reply, reply.get("articles", 0, "author", "following"), "article list", True)
    reply = probe.send("c's profile as b", "GET", world.profile_path("c"), token=world.tokens["b"])
    _following(world, reply, reply.get("profile", "following"), "profile for another viewer", False)
    for title in ("a unfollows c", "a unfollows c again"):
        reply = probe.send(title, "DELETE", world.profile_path("c", "/follow"), token=a)
        _following(world, reply, reply.get("profile", "following"), "unfollow answer", False)
    reply = probe.send("c's profile as a, after the unfollow", "GET", world.profile_path("c"), token=a)
    _following(world, reply, reply.get("profile", "following"), "profile", False)
