"""Keeping the conversation inside the model's context window.

The trajectory keeps every message; only the view sent to the model is condensed: tool observations
older than the most recent few are replaced by a short note, oldest first, until the estimate fits.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from agent.models.base import Message

CHARS_PER_TOKEN = 4  # a deliberately rough estimate: cheap, and errs on the early side
KEEP_RECENT_OBSERVATIONS = 6

CondensedNote = Callable[[str, str], str]  # (tool output, tool name) -> the note shown instead


def estimate_tokens(messages: list[Message]) -> int:
    return len(json.dumps(messages, ensure_ascii=False)) // CHARS_PER_TOKEN


def _tool_names(messages: list[Message]) -> dict[str, str]:
    names = {}
    for message in messages:
        for call in message.get("tool_calls") or []:
            names[call["id"]] = call["function"]["name"]
    return names


def condensed_view(
    messages: list[Message], limit_tokens: int, note: CondensedNote, keep_recent: int = KEEP_RECENT_OBSERVATIONS
) -> tuple[list[Message], bool]:
    """The messages to send: unchanged when they fit under `limit_tokens`, else with old observations condensed."""
    if estimate_tokens(messages) <= limit_tokens:
        return messages, False
    view = [dict(m) for m in messages]
    observations = [i for i, m in enumerate(view) if m.get("role") == "tool"]
    names = _tool_names(messages)
    # Oldest first; the most recent observations go only when the older ones were not enough,
    # and the very last one (what the model is reacting to now) is always kept.
    older = observations[:-keep_recent] if keep_recent else observations
    recent = [i for i in observations[len(older) : -1]]
    for index in [*older, *recent]:
        message = view[index]
        original = str(message.get("content") or "")
        message["content"] = note(original, names.get(message.get("tool_call_id", ""), "tool"))
        if estimate_tokens(view) <= limit_tokens:
            break
    return view, True
