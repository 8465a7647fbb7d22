"""The fake model server: `/v1/chat/completions` answered from a script, `/v1/models` listing one model.

Answers are OpenAI chat completions with tool calls and usage, streamed as server-sent events when the
request asks for `stream` (with usage in the last chunk). Every request is logged (JSONL, optional):
the turn it got, how many messages and tools it carried, so a test can tell the scaffold really asked.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal

from evals.fake_llm.script import FakeScript, FakeTurn

Mode = Literal["history", "sequential"]
MODEL_ID = "fake-llm"


def _estimate_tokens(value: Any) -> int:
    return max(1, len(json.dumps(value, ensure_ascii=False)) // 4)


class FakeLLMServer:
    """Serves `script` on host:port (0: any free port) in a background thread; `with` starts and stops it."""

    def __init__(
        self, script: FakeScript, *, host: str = "127.0.0.1", port: int = 0, mode: Mode = "history",
        log: Path | None = None,
    ) -> None:  # fmt: skip
        self.script, self.mode, self.log = script, mode, log
        self.requests: list[dict[str, Any]] = []
        self._next: dict[str, int] = {}  # sequential mode: the next line of each conversation
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), _handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """The OpenAI-style base URL (ending in /v1), for LLM_BASE_URL / api_base."""
        host = self._httpd.server_address[0]
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{self.port}/v1"

    def start(self) -> FakeLLMServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True, name="fake-llm")
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeLLMServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def pick(self, body: dict[str, Any]) -> tuple[int, FakeTurn | None, str]:
        """The 0-based turn answering `body`, the script's line for it (None past the end), its conversation."""
        messages = [m for m in body.get("messages") or [] if isinstance(m, dict)]
        conversation = self.script.conversation_of(_text(messages[0].get("content")) if messages else "")
        with self._lock:
            if self.mode == "sequential":
                index = self._next.get(conversation, 0)
                self._next[conversation] = index + 1
            else:
                index = sum(1 for m in messages if m.get("role") == "assistant")
            turns = self.script.lines_of(conversation)
            entry = turns[index] if index < len(turns) else None
            record = {
                "turn": index + 1, "conversation": conversation, "served": entry is not None,
                "model": body.get("model"),
                "messages": len(body.get("messages") or []), "tools": len(body.get("tools") or []),
                "stream": bool(body.get("stream")), "at": round(time.time(), 3),
            }  # fmt: skip
            self.requests.append(record)
            if self.log is not None:
                with self.log.open("a", encoding="utf-8") as handle:
                    handle.write(json.dumps(record) + "\n")
        return index, entry, conversation


def _text(content: Any) -> str:
    """A message's text, whether a string or a list of content parts."""
    if isinstance(content, list):
        return " ".join(str(part.get("text") or "") for part in content if isinstance(part, dict))
    return str(content or "")


def completion(entry: FakeTurn, body: dict[str, Any], index: int) -> dict[str, Any]:
    """The chat.completion document for one scripted turn."""
    turn = entry.turn
    message: dict[str, Any] = {"role": "assistant", "content": turn.content}
    if turn.tool_calls:
        message["tool_calls"] = [
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
            for c in turn.tool_calls
        ]
    finish = entry.finish_reason or ("tool_calls" if turn.tool_calls else "stop")
    prompt = turn.prompt_tokens if entry.usage_given else _estimate_tokens(body.get("messages"))
    output = turn.completion_tokens if entry.usage_given else _estimate_tokens(message)
    return {
        "id": f"chatcmpl-fake-{index + 1}", "object": "chat.completion", "created": int(time.time()),
        "model": body.get("model") or MODEL_ID,
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt, "completion_tokens": output, "total_tokens": prompt + output},
    }  # fmt: skip


def stream_chunks(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The same completion as chat.completion.chunk events: the message, then the finish and usage."""
    choice = document["choices"][0]
    message = choice["message"]
    delta: dict[str, Any] = {"role": "assistant", "content": message.get("content") or ""}
    if message.get("tool_calls"):
        delta["tool_calls"] = [{"index": i, **call} for i, call in enumerate(message["tool_calls"])]
    base = {k: document[k] for k in ("id", "created", "model")} | {"object": "chat.completion.chunk"}
    return [
        {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]},
        {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": choice["finish_reason"]}]},
        {**base, "choices": [], "usage": document["usage"]},
    ]


def _handler(server: FakeLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Requests are logged as JSONL when asked, not on stderr."""

        def _json(self, status: int, document: dict[str, Any]) -> None:
            body = json.dumps(document).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, status: int, message: str, kind: str = "invalid_request_error") -> None:
            self._json(status, {"error": {"message": message, "type": kind, "code": status}})

        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                self._json(200, {"object": "list", "data": [{"id": MODEL_ID, "object": "model", "owned_by": "cagent"}]})
            else:
                self._error(404, f"no such endpoint: GET {self.path}")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._error(404, f"no such endpoint: POST {self.path}")
                return
            try:
                body = json.loads(raw or b"{}")
                if not isinstance(body, dict):
                    raise ValueError("the body must be a JSON object")
            except ValueError as exc:
                self._error(400, f"invalid JSON body: {exc}")
                return
            index, entry, conversation = server.pick(body)
            if entry is None:
                named = f" of conversation {conversation!r}" if conversation else ""
                self._error(400, f"fake-llm: the script {server.script.source} has no turn {index + 1}{named}")
                return
            if entry.error is not None:
                kind = "rate_limit_error" if entry.error.status == 429 else "server_error"
                self._error(entry.error.status, entry.error.message, kind)
                return
            document = completion(entry, body, index)
            if body.get("stream"):
                self._stream(stream_chunks(document))
            else:
                self._json(200, document)

        def _stream(self, chunks: list[dict[str, Any]]) -> None:
            payload = b"".join(f"data: {json.dumps(c)}\n\n".encode() for c in chunks) + b"data: [DONE]\n\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler
