"""Keeping the conversation inside the model's context window.

The trajectory keeps every message; only the view sent to the model is condensed, oldest first, until
the estimate fits: tool observations are replaced by a short note, and long string arguments of old
tool calls (a whole file written with the editor) by a marker, keeping the call itself valid JSON.
The most recent messages are condensed last, and the latest observation never.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from agent.models.base import Message

CHARS_PER_TOKEN = 4  # a deliberately rough estimate: cheap, and errs on the early side
KEEP_RECENT_OBSERVATIONS = 6
LONG_ARGUMENT_CHARS = 400

CondensedNote = Callable[[str, str], str]  # (tool output, tool name) -> the note shown instead


def estimate_tokens(messages: list[Message]) -> int:
    return len(json.dumps(messages, ensure_ascii=False)) // CHARS_PER_TOKEN


def _tool_names(messages: list[Message]) -> dict[str, str]:
    names = {}
    for message in messages:
        for call in message.get("tool_calls") or []:
            names[call["id"]] = call["function"]["name"]
    return names


def _shrink_arguments(arguments: str) -> str:
    try:
        parsed: Any = json.loads(arguments)
    except ValueError:
        return arguments
    if not isinstance(parsed, dict):
        return arguments
    for key, value in parsed.items():
        if isinstance(value, str) and len(value) > LONG_ARGUMENT_CHARS:
            parsed[key] = f"[{len(value)} characters, condensed]"
    return json.dumps(parsed)


def _condense_calls(message: Message) -> Message:
    calls = [
        {**call, "function": {**call["function"], "arguments": _shrink_arguments(call["function"]["arguments"])}}
        for call in message["tool_calls"]
    ]
    return {**message, "tool_calls": calls}


def condensed_view(
    messages: list[Message], limit_tokens: int, note: CondensedNote, keep_recent: int = KEEP_RECENT_OBSERVATIONS
) -> tuple[list[Message], bool]:
    """The messages to send: unchanged when they fit under `limit_tokens`, else condensed oldest first."""
    if estimate_tokens(messages) <= limit_tokens:
        return messages, False
    view = [dict(m) for m in messages]
    names = _tool_names(messages)
    condensable = [i for i, m in enumerate(view) if m.get("role") == "tool" or m.get("tool_calls")]
    last_observation = max((i for i, m in enumerate(view) if m.get("role") == "tool"), default=-1)
    older, recent = condensable[:-keep_recent] if keep_recent else condensable, condensable[-keep_recent:]
    for index in [*older, *recent]:
        if index == last_observation:
            continue
        message = view[index]
        if message.get("role") == "tool":
            original = str(message.get("content") or "")
            replacement = note(original, names.get(message.get("tool_call_id", ""), "tool"))
            if len(replacement) < len(original):  # a note longer than what it replaces saves nothing
                message["content"] = replacement
        else:
            view[index] = _condense_calls(message)
        if estimate_tokens(view) <= limit_tokens:
            break
    return view, True
