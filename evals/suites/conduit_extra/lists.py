"""Article lists: default page size, offsets, totals, and filters that must all match."""

from __future__ import annotations

from evals.suites.conduit_extra.world import FILLERS, World


def pages(world: World) -> None:
    probe, author = world.probe, world.name("c")
    newest_first = [world.slugs[f"f{n}"] for n in range(FILLERS, 0, -1)] + [world.slugs["c1"]]
    total = len(newest_first)

    reply = probe.send("c's articles, default page", "GET", f"/api/articles?author={author}")
    probe.status("list.limit-default", reply, 200)
    probe.check("list.limit-default", "20 articles without a limit", len(reply.articles()) == 20, len(reply.articles()))
    probe.check("list.limit-default", "the newest 20, newest first", reply.slugs() == newest_first[:20], reply.slugs())
    probe.check(
        "list.count-total", f"articlesCount is {total}", reply.get("articlesCount") == total, reply.get("articlesCount")
    )

    reply = probe.send("c's articles from offset 20", "GET", f"/api/articles?author={author}&offset=20")
    probe.status("list.offset", reply, 200)
    probe.check("list.offset", "only c's first article is left", reply.slugs() == newest_first[20:], reply.slugs())
    probe.check(
        "list.count-total", f"articlesCount is {total}", reply.get("articlesCount") == total, reply.get("articlesCount")
    )

    reply = probe.send("c's articles, 5 from offset 3", "GET", f"/api/articles?author={author}&limit=5&offset=3")
    probe.status("list.offset", reply, 200)
    probe.check("list.offset", "the 4th to 8th newest", reply.slugs() == newest_first[3:8], reply.slugs())
    probe.check(
        "list.count-total", f"articlesCount is {total}", reply.get("articlesCount") == total, reply.get("articlesCount")
    )


def _filtered(world: World, title: str, query: str, keys: list[str]) -> None:
    reply = world.probe.send(title, "GET", f"/api/articles?{query}")
    world.probe.status("list.filters-combined", reply, 200)
    expected = [world.slugs[key] for key in keys]
    shown = " then ".join(keys) if keys else "nothing"
    world.probe.check("list.filters-combined", f"{shown}", reply.slugs() == expected, reply.slugs())
    count = reply.get("articlesCount")
    world.probe.check("list.count-total", f"articlesCount is {len(keys)}", count == len(keys), count)


def filters(world: World) -> None:
    """b1 is tagged t and x, c1 t, b2 x; a favorited c1 and b2 (c1 is older than b2)."""
    t, x, a, b = world.tag("t"), world.tag("x"), world.name("a"), world.name("b")
    _filtered(world, "tag t and author b", f"tag={t}&author={b}", ["b1"])
    _filtered(world, "tag x", f"tag={x}", ["b2", "b1"])
    _filtered(world, "favorited by a", f"favorited={a}", ["b2", "c1"])
    _filtered(world, "favorited by a, author b", f"favorited={a}&author={b}", ["b2"])
    _filtered(world, "favorited by a, tag t", f"favorited={a}&tag={t}", ["c1"])
    _filtered(world, "favorited by a, tag t, author b", f"favorited={a}&tag={t}&author={b}", [])
