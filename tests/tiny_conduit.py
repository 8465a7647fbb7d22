"""A canned Conduit server for suite tests: every request of the Postman collection answered right,
except the ones a test makes hostile."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable, Iterator
from http.server import ThreadingHTTPServer
from typing import Any

from tests.quiet_handler import QuietHandler


class TinyConduit(QuietHandler):
    """Canned Conduit answers with a little state; records every request it gets.

    `hostile` maps (method, path) to a function that answers that request instead, in its own way.
    """

    protocol_version = "HTTP/1.1"
    log: list[dict[str, Any]]
    state: dict[str, Any]
    hostile: dict[tuple[str, str], Callable[[TinyConduit], None]]

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        self.log.append({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body})
        path = self.path.split("?")[0]
        if (self.command, path) in self.hostile:
            self.hostile[(self.command, path)](self)
            return
        status, document = self._route(self.command, path, body)
        self._send(status, b"" if document is None else json.dumps(document).encode())

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def _route(self, method: str, path: str, body: str) -> tuple[int, Any]:
        state = self.state
        stamp = "2024-05-01T10:00:00.123Z"
        user = {"email": "e@x", "username": "u", "bio": None, "image": None, "token": "secret-token"}
        article = {
            "slug": "how-to-train-your-dragon",
            "title": "How to train your dragon",
            "description": "Ever wonder how?",
            "body": "Very carefully.",
            "tagList": ["dragons", "training"],
            "createdAt": stamp,
            "updatedAt": stamp,
            "favorited": state["favorited"],
            "favoritesCount": int(state["favorited"]),
            "author": {"username": "u", "bio": None, "image": None, "following": False},
        }
        listing = {"articles": [article] if state["created"] else [], "articlesCount": int(state["created"])}
        profile = {"username": "celeb", "bio": None, "image": None, "following": state["following"]}
        comment = {"id": 42, "body": "Thank you so much!", "createdAt": stamp, "updatedAt": stamp, "author": {}}
        if path in ("/api/users", "/api/users/login", "/api/user"):
            return 200, {"user": user}
        if path in ("/api/articles", "/api/articles/feed") and method == "GET":
            return 200, (listing if path == "/api/articles" else {"articles": [], "articlesCount": 0})
        if path == "/api/articles":
            state["created"] = True
            return 201, {"article": article}
        if path.endswith("/favorite"):
            state["favorited"] = method == "POST"
            return 200, {
                "article": {**article, "favorited": state["favorited"], "favoritesCount": int(state["favorited"])}
            }
        if path.endswith("/comments"):
            return (201, {"comment": comment}) if method == "POST" else (200, {"comments": [comment]})
        if path.startswith("/api/articles/"):
            return (204, None) if method == "DELETE" else (200, {"article": article})
        if path.startswith("/api/profiles/"):
            state["following"] = path.endswith("/follow") and method == "POST"
            return 200, {"profile": {**profile, "following": state["following"]}}
        return 200, {"tags": ["dragons", "training"]}


@contextlib.contextmanager
def tiny_conduit(
    hostile: dict[tuple[str, str], Callable[[TinyConduit], None]] | None = None,
) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A TinyConduit on a free loopback port: (base URL, the log of requests it got)."""
    log: list[dict[str, Any]] = []
    state = {"created": False, "favorited": False, "following": False}
    handler = type("Handler", (TinyConduit,), {"log": log, "state": state, "hostile": hostile or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
