"""Another user's article or comment cannot be changed or deleted: 403, and it is still there."""

from __future__ import annotations

from evals.suites.conduit_extra.probe import Reply, at
from evals.suites.conduit_extra.world import World, instant


def _forbidden(world: World, reply: Reply, clause: str, key: str) -> None:
    world.probe.status(clause, reply, 403)
    message = reply.get("errors", key)
    world.probe.check("errors.forbidden-body", f"errors.{key} is ['forbidden']", message == ["forbidden"], message)


def articles(world: World) -> None:
    probe, a, b1 = world.probe, world.tokens["a"], world.article_path("b1")
    original = world.created["b1"].get("article", "title")
    change = {"article": {"title": f"taken over {world.uid}", "body": "not yours"}}
    _forbidden(world, probe.send("a updates b's article", "PUT", b1, change, token=a), "articles.owner-only", "article")
    reply = probe.send("b1 after the refused update", "GET", b1)
    probe.status("articles.owner-only", reply, 200)
    title = reply.get("article", "title")
    probe.check("articles.owner-only", "its title is unchanged", title is not None and title == original, title)
    _forbidden(world, probe.send("a deletes b's article", "DELETE", b1, token=a), "articles.owner-only", "article")
    reply = probe.send("b1 after the refused delete", "GET", b1)
    probe.status("articles.owner-only", reply, 200)
    slug = reply.get("article", "slug")
    probe.check("articles.owner-only", "it is still there", slug is not None and slug == world.slugs["b1"], slug)


def comments(world: World) -> None:
    probe, b1 = world.probe, world.article_path("b1", "/comments")
    comment = {"comment": {"body": f"b's own comment {world.uid}"}}
    reply = probe.send("b comments on b1", "POST", b1, comment, token=world.tokens["b"])
    probe.status("comments.owner-only", reply, (200, 201))
    comment_id = reply.get("comment", "id")
    stamp = reply.get("comment", "createdAt")
    probe.check("time.iso8601", "comment createdAt is ISO 8601 with a zone", instant(stamp) is not None, stamp)
    path = at("/api/articles/{}/comments/{}", world.slugs["b1"], comment_id)
    reply = probe.send("a deletes b's comment", "DELETE", path, token=world.tokens["a"])
    _forbidden(world, reply, "comments.owner-only", "comment")
    reply = probe.send("b1's comments after the refused delete", "GET", b1)
    probe.status("comments.owner-only", reply, 200)
    ids = [item.get("id") for item in reply.get("comments") or [] if isinstance(item, dict)]
    probe.check("comments.owner-only", "the comment is still there", comment_id is not None and comment_id in ids, ids)
