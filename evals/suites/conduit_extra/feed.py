"""The feed: only followed authors' articles, newest first, counted in full, gone after an unfollow."""

from __future__ import annotations

from evals.suites.conduit_extra.probe import Reply
from evals.suites.conduit_extra.world import World


def _follow(world: World, who: str, whom: str, method: str, title: str) -> Reply:
    reply = world.probe.send(title, method, world.profile_path(whom, "/follow"), token=world.tokens[who])
    world.probe.status("follows.idempotent", reply, 200)
    following = reply.get("profile", "following")
    world.probe.check(
        "follows.idempotent", f"profile.following is {method == 'POST'}", following is (method == "POST"), following
    )
    return reply


def feed(world: World) -> None:
    probe, a = world.probe, world.tokens["a"]
    _follow(world, "a", "b", "POST", "a follows b")
    _follow(world, "a", "b", "POST", "a follows b again")

    reply = probe.send("a's feed", "GET", "/api/articles/feed", token=a)
    probe.status("feed.followed-only", reply, 200)
    authors = [item.get("author", {}).get("username") for item in reply.articles()]
    probe.check(
        "feed.followed-only", "every article is by b", bool(authors) and set(authors) == {world.name("b")}, authors
    )
    others = [world.slugs["c1"], world.slugs["a1"]]
    listed = reply.slugs()
    absent = listed is not None and not set(others) & set(listed)
    probe.check("feed.followed-only", "c's and a's own articles are absent", absent, listed)
    following = [item.get("author", {}).get("following") for item in reply.articles()]
    probe.check(
        "feed.followed-only",
        "every author.following is true",
        bool(following) and all(f is True for f in following),
        following,
    )
    expected = [world.slugs["b2"], world.slugs["b1"]]
    probe.check("feed.newest-first", "b2 then b1", reply.slugs() == expected, reply.slugs())
    probe.check("feed.count-total", "articlesCount is 2", reply.get("articlesCount") == 2, reply.get("articlesCount"))

    reply = probe.send("a's feed, one per page", "GET", "/api/articles/feed?limit=1", token=a)
    probe.status("feed.count-total", reply, 200)
    probe.check("feed.count-total", "the page holds b2 alone", reply.slugs() == expected[:1], reply.slugs())
    probe.check(
        "feed.count-total", "articlesCount is still 2", reply.get("articlesCount") == 2, reply.get("articlesCount")
    )

    _follow(world, "a", "b", "DELETE", "a unfollows b")
    _follow(world, "a", "b", "DELETE", "a unfollows b again")
    reply = probe.send("a's feed after the unfollow", "GET", "/api/articles/feed", token=a)
    probe.status("feed.unfollow", reply, 200)
    probe.check("feed.unfollow", "no articles", reply.get("articles") == [], reply.get("articles"))
    probe.check("feed.unfollow", "articlesCount is 0", reply.get("articlesCount") == 0, reply.get("articlesCount"))
