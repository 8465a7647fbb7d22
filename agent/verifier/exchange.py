"""One request of the probe and what came back, written as a finding's evidence."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx

BODY_CHARS = 600


@dataclass
class Exchange:
    method: str
    path: str
    headers: dict[str, str]
    body: Any  # what was sent: a JSON value, or None for no body
    empty_json: bool = False  # Content-Type: application/json with an empty body
    status: int | None = None
    text: str = ""
    error: str = ""  # transport failure: timeout, connection refused

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.text) if self.text.strip() else None
        except ValueError:
            return None

    @property
    def is_json(self) -> bool:
        return self.json is not None or self.text.strip() in ("null",)

    def evidence(self) -> str:
        shown = {k: ("Token <jwt>" if k == "Authorization" else v) for k, v in self.headers.items()}
        lines = [f"{self.method} {self.path}", *(f"{k}: {v}" for k, v in shown.items())]
        if self.body is not None:
            lines.append(_clip(json.dumps(self.body)))
        elif self.empty_json:
            lines.append("(empty body)")
        if self.error:
            lines.append(f"-> no answer: {self.error}")
        else:
            lines.append(f"-> {self.status} {_clip(self.text) or '(empty body)'}")
        return "\n".join(lines)


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= BODY_CHARS else text[:BODY_CHARS] + "..."


def send(client: httpx.Client, exchange: Exchange) -> Exchange:
    headers = dict(exchange.headers)
    content: bytes | None = None
    if exchange.body is not None:
        headers["Content-Type"] = "application/json"
        content = json.dumps(exchange.body).encode()
    elif exchange.empty_json:
        headers["Content-Type"] = "application/json"
        content = b""
    try:
        response = client.request(exchange.method, exchange.path, headers=headers, content=content)
        exchange.status = response.status_code
        exchange.text = response.text
    except httpx.TimeoutException:
        exchange.error = f"no answer within {client.timeout.read or 0:.0f} s"
    except httpx.HTTPError as exc:
        exchange.error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return exchange
