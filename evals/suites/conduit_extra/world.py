"""What the scenarios share: the run's users, their tokens and the articles made for the checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from evals.suites.conduit_extra.probe import Probe, Reply, at

PASSWORD = "password123"
# A date and a time to the second, an optional fraction, and a zone (Z or an offset).
ISO_8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")
FILLERS = 20  # c's articles beyond its first: 21 in all, one more than the default page


def instant(text: Any) -> datetime | None:
    """The moment an ISO 8601 timestamp names, None when it is not one."""
    if not isinstance(text, str) or not ISO_8601.match(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


@dataclass
class World:
    probe: Probe
    uid: str
    tokens: dict[str, str | None] = field(default_factory=dict)
    slugs: dict[str, str | None] = field(default_factory=dict)
    created: dict[str, Reply] = field(default_factory=dict)

    def name(self, who: str) -> str:
        return f"x{who}_{self.uid}"

    def tag(self, which: str) -> str:
        return f"{which}_{self.uid}"

    def register(self, who: str) -> None:
        name = self.name(who)
        body = {"user": {"username": name, "email": f"{name}@extra.test", "password": PASSWORD}}
        reply = self.probe.send(f"register {who}", "POST", "/api/users", body)
        self.probe.status("users.unique", reply, 201)
        token = reply.get("user", "token")
        self.tokens[who] = token if isinstance(token, str) and token else None

    def create(self, key: str, who: str, title: str, tags: list[str], body: str | None = None) -> Reply:
        """`who` writes article `key`; its timestamps are checked, its slug kept."""
        article = {"title": title, "description": f"about {key}", "body": body or f"body of {key}", "tagList": tags}
        reply = self.probe.send(f"create {key}", "POST", "/api/articles", {"article": article}, self.tokens[who])
        self.probe.status("time.iso8601", reply, 201)
        for stamp in ("createdAt", "updatedAt"):
            value = reply.get("article", stamp)
            self.probe.check(
                "time.iso8601", f"{key} {stamp} is ISO 8601 with a zone", instant(value) is not None, value
            )
        slug = reply.get("article", "slug")
        self.slugs[key] = slug if isinstance(slug, str) and slug else None
        self.created[key] = reply
        return reply

    def article_path(self, key: str, suffix: str = "") -> str | None:
        return at("/api/articles/{}" + suffix, self.slugs.get(key))

    def profile_path(self, who: str, suffix: str = "") -> str:
        return f"/api/profiles/{self.name(who)}{suffix}"
