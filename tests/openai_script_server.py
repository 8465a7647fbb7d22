"""A scripted OpenAI-compatible server for tests of litellm's real HTTP path, with a provider's habits.

It answers `/v1/chat/completions` with the turn whose index is the number of assistant messages in the
request (so a retried request gets the same turn), lists one model in `/v1/models` (with vLLM's
`max_model_len` when given), and can answer like a strict provider: 400 for a history holding tool-call
arguments that are not JSON (as vLLM releases that parse them), 400 for a prompt over its window, and a
queue of 429s with `Retry-After` before chosen turns.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.condense import estimate_tokens
from tests.quiet_handler import QuietHandler, serving


@dataclass
class ServerHabits:
    turns: list[dict[str, Any]]
    max_model_len: int | None = None
    reject_malformed_history: bool = True
    rate_limit_before: dict[int, str] = field(default_factory=dict)  # turn index -> Retry-After value, once
    requests: list[dict[str, Any]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)  # (status, why)


def load_turns(path: Path) -> list[dict[str, Any]]:
    """The lines of a `scripted:FILE` script."""
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _completion(turn: dict[str, Any], index: int) -> dict[str, Any]:
    calls = [
        {"id": f"call_{index}_{n}", "type": "function",
         "function": {"name": c["name"], "arguments": c["arguments"] if isinstance(c["arguments"], str)
                      else json.dumps(c["arguments"])}}
        for n, c in enumerate(turn.get("tool_calls") or [])
    ]  # fmt: skip
    message: dict[str, Any] = {"role": "assistant", "content": turn.get("content")}
    if calls:
        message["tool_calls"] = calls
    return {
        "id": f"chatcmpl-{index}", "object": "chat.completion", "created": 0, "model": "fake-coder",
        "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
        "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110},
    }  # fmt: skip


def _malformed(messages: list[dict[str, Any]]) -> str | None:
    for message in messages:
        for call in message.get("tool_calls") or []:
            try:
                json.loads(call["function"]["arguments"])
            except (ValueError, TypeError):
                return call["function"]["arguments"]
    return None


def _handler(habits: ServerHabits) -> type[QuietHandler]:
    class Handler(QuietHandler):
        def do_GET(self) -> None:
            if self.path.rstrip("/").endswith("/models"):
                entry: dict[str, Any] = {"id": "fake-coder", "object": "model", "owned_by": "tests"}
                if habits.max_model_len is not None:
                    entry["max_model_len"] = habits.max_model_len
                return self._send(200, json.dumps({"object": "list", "data": [entry]}).encode())
            self._send(404, b'{"error": "not found"}')

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            messages = body["messages"]
            habits.requests.append(body)
            index = sum(1 for m in messages if m.get("role") == "assistant")
            if habits.reject_malformed_history and (bad := _malformed(messages)) is not None:
                return self._refuse(400, f"tool call arguments are not JSON: {bad[:40]}")
            if habits.max_model_len and estimate_tokens(messages) > habits.max_model_len:
                return self._refuse(400, "This model's maximum context length is exceeded")
            if index in habits.rate_limit_before:
                retry_after = habits.rate_limit_before.pop(index)
                habits.refused.append((429, f"rate limited before turn {index}"))
                payload = json.dumps({"error": {"message": "Rate limit reached", "type": "rate_limit"}}).encode()
                self.send_response(429)
                self.send_header("Content-Type", "application/json")
                self.send_header("Retry-After", retry_after)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            if index >= len(habits.turns):
                return self._refuse(400, f"the script has no turn {index}")
            self._send(200, json.dumps(_completion(habits.turns[index], index)).encode())

        def _refuse(self, status: int, why: str) -> None:
            habits.refused.append((status, why))
            self._send(status, json.dumps({"error": {"message": why, "type": "BadRequestError"}}).encode())

    return Handler


@contextmanager
def openai_script_server(habits: ServerHabits) -> Iterator[str]:
    """The server's OpenAI base URL (ending in /v1) while it serves `habits`."""
    with serving(_handler(habits)) as base:
        yield f"{base}/v1"
