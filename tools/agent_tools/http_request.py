"""The `http` tool: one request to the app under test, on this machine only."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

import httpx
from pydantic import Field, model_validator

from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.agent_tools.text import cut_middle
from tools.base import ToolResult

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
METHODS: tuple[str, ...] = get_args(Method)
SHOWN_HEADERS = (
    "content-type",
    "content-length",
    "location",
    "set-cookie",
    "www-authenticate",
    "allow",
    "access-control-allow-origin",
)
BaseUrl = Callable[[], str | None]


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HttpArguments(ToolArguments):
    method: Method = Field("GET", description="default GET")
    path: str = Field(description="/api/... on the running app, or a full loopback URL")
    headers: dict[str, str] = Field(default_factory=dict)
    # `json` would shadow a BaseModel method, so the Python name is json_; the model writes "json".
    json_: Any = Field(None, alias="json", description="a JSON body (sets Content-Type: application/json)")
    body: str | None = Field(None, description="a raw body, instead of json")
    # Described with the tool's own default (HttpTool.parameters).
    timeout: float | None = Field(None, description="seconds")

    @model_validator(mode="after")
    def _one_body(self) -> HttpArguments:
        if "json_" in self.model_fields_set and self.body is not None:
            raise ValueError("give either json or body, not both")
        return self


class HttpTool:
    name = "http"
    description = (
        "Send one HTTP request to the app under test (started with the server tool) and see the status, the "
        "main headers and the body. `path` is a path such as /api/users (on the running app) or a full "
        "http://127.0.0.1:PORT/... URL. Only this machine can be reached. Redirects are not followed."
    )

    def __init__(
        self,
        base_url: str | BaseUrl | None = None,
        *,
        timeout_s: float = 30.0,
        body_chars: int = 8000,
    ) -> None:
        """`base_url` is fixed text, or a callable asked at each request (the server tool's running app)."""
        self._base_url = base_url
        self.timeout_s = timeout_s
        self.body_chars = body_chars

    def parameters(self) -> dict[str, Any]:
        timeout = HttpArguments.model_fields["timeout"].description
        return schema_of(HttpArguments, timeout=f"{timeout} (default {self.timeout_s:.0f})")

    def _current_base(self) -> str | None:
        return self._base_url() if callable(self._base_url) else self._base_url

    def _url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        base = self._current_base()
        if base is None:
            raise LookupError(
                "no app is running: start it with the server tool, or give a full http://127.0.0.1:PORT/... URL"
            )
        return base.rstrip("/") + "/" + path.lstrip("/")

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(HttpArguments, arguments)
        method = given.method
        try:
            url = self._url(given.path)
        except LookupError as exc:
            return ToolResult(output=str(exc), is_error=True)
        if not is_loopback(url):
            return ToolResult(output=f"refused: {url} is not on this machine (127.0.0.1 / localhost)", is_error=True)
        request: dict[str, Any] = {"headers": given.headers}
        if "json_" in given.model_fields_set:
            request["json"] = given.json_
        elif given.body is not None:
            request["content"] = given.body.encode()
        timeout = self.timeout_s if given.timeout is None else given.timeout
        started = time.monotonic()
        try:
            with httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client:
                response = client.request(method, url, **request)
        except httpx.TimeoutException:
            return ToolResult(output=f"{method} {url}: no answer within {timeout:.0f} s", is_error=True)
        except httpx.HTTPError as exc:
            return ToolResult(output=f"{method} {url}: {type(exc).__name__}: {exc}", is_error=True)
        return ToolResult(output=self._render(method, url, response, time.monotonic() - started))

    def _render(self, method: str, url: str, response: httpx.Response, seconds: float) -> str:
        lines = [f"{method} {url} -> {response.status_code} {response.reason_phrase} ({seconds * 1000:.0f} ms)"]
        for name in SHOWN_HEADERS:
            for value in response.headers.get_list(name):
                lines.append(f"{name}: {value}")
        # The body as the server sent it: its exact shape (and any invalid JSON) is what a client sees.
        text = response.text
        lines.append("")
        lines.append(cut_middle(text, self.body_chars // 2, self.body_chars // 2) if text else "(empty body)")
        return "\n".join(lines)
