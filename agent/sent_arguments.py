"""Tool-call arguments as the provider sees them in the history: always a JSON object.

A model sometimes emits arguments that are not valid JSON. The loop answers that call with a correction
and the trajectory keeps the string as the model wrote it, but sending it back verbatim breaks every later
request: vLLM rejects such a history with a 400 and litellm's Ollama path fails to parse it client-side.
The view sent therefore carries a leniently repaired object, or `{}` when nothing sensible can be read.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from json_repair import repair_json

from agent.models.base import Message


def sendable_arguments(arguments: str) -> str:
    """`arguments` unchanged when it is a JSON object, else the object repaired from it, else `{}`."""
    with contextlib.suppress(ValueError):
        if isinstance(json.loads(arguments), dict):
            return arguments
    repaired: Any = repair_json(arguments, return_objects=True)
    return json.dumps(repaired if isinstance(repaired, dict) else {}, ensure_ascii=False)


def _sendable_call(call: dict[str, Any]) -> dict[str, Any]:
    arguments = call["function"].get("arguments") or "{}"
    fixed = sendable_arguments(arguments)
    return call if fixed == arguments else {**call, "function": {**call["function"], "arguments": fixed}}


def sendable_history(messages: list[Message]) -> list[Message]:
    """The messages with every tool call's arguments a JSON object; untouched messages are not copied."""
    view = []
    for message in messages:
        calls = message.get("tool_calls")
        if calls:
            fixed = [_sendable_call(call) for call in calls]
            if any(new is not old for new, old in zip(fixed, calls, strict=True)):
                message = {**message, "tool_calls": fixed}
        view.append(message)
    return view
