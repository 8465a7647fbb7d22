"""The script a fake model server answers from: JSONL, one assistant turn per line.

The lines are those of `scripted:FILE` (agent.models.scripted): `content`, `tool_calls` with `name` and
`arguments`, and optionally `prompt_tokens` / `completion_tokens` (reported as usage; when absent they
are estimated from the text, about four characters a token). Two keys more:

    {"error": {"status": 429, "message": "slow down"}}   answer this turn with an HTTP error instead
    {"content": "...", "finish_reason": "length"}        a finish reason other than the natural one

Which line answers a request: by default the number of assistant messages already in the request
(`history` mode), so parallel conversations, retries and resumed runs each get the right turn; in
`sequential` mode every request takes the next line.

One script can serve several conversations that share the model (an agent and its reviewer sub-agent):
a line with `"conversation": "TEXT"` belongs to the conversation whose first message (the system prompt)
contains TEXT, and each conversation counts its own turns over its own lines. Lines without it serve
every request no other conversation claims.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from agent.models.base import AssistantTurn
from agent.models.scripted import turn_from_script


class ScriptError(ValueError):
    """A script line that cannot be served; the message names the file and the line."""


class ScriptedError(BaseModel):
    status: int = Field(500, ge=400, le=599)
    message: str = "scripted failure"


class FakeTurn(BaseModel):
    turn: AssistantTurn
    error: ScriptedError | None = None
    finish_reason: str | None = None
    usage_given: bool = False
    conversation: str = ""  # "" is the default conversation


class FakeScript(BaseModel):
    source: str
    turns: list[FakeTurn]

    def conversations(self) -> list[str]:
        """The named conversations, in the order the script first names them."""
        return list(dict.fromkeys(t.conversation for t in self.turns if t.conversation))

    def conversation_of(self, first_message: str) -> str:
        """The conversation a request belongs to, from its first message: the longest name it contains."""
        named = [name for name in self.conversations() if name in first_message]
        return max(named, key=len) if named else ""

    def lines_of(self, conversation: str) -> list[FakeTurn]:
        return [t for t in self.turns if t.conversation == conversation]


def _line(entry: dict[str, Any], index: int) -> FakeTurn:
    error = ScriptedError.model_validate(entry["error"]) if entry.get("error") is not None else None
    conversation = entry.get("conversation") or ""
    if not isinstance(conversation, str):
        raise ValueError("conversation must be a string (text its system prompt contains)")
    rest = {k: v for k, v in entry.items() if k not in ("error", "finish_reason", "conversation")}
    return FakeTurn(
        turn=turn_from_script(rest, index),
        error=error,
        finish_reason=entry.get("finish_reason"),
        usage_given="prompt_tokens" in entry or "completion_tokens" in entry,
        conversation=conversation,
    )


def parse_fake_script(text: str, source: str = "script") -> FakeScript:
    turns: list[FakeTurn] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict):
                raise ValueError("each line must be a JSON object")
            turns.append(_line(entry, len(turns) + 1))
        except (ValueError, TypeError) as exc:
            raise ScriptError(f"{source}:{number}: {' '.join(str(exc).split())[:300]}") from None
    if not turns:
        raise ScriptError(f"{source}: no turns (one JSON object per line)")
    return FakeScript(source=source, turns=turns)


def load_fake_script(path: Path) -> FakeScript:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptError(f"cannot read {path}: {getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    return parse_fake_script(text, str(path))
