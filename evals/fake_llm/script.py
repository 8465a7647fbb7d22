"""The script a fake model server answers from: JSONL, one assistant turn per line.

The lines are those of `scripted:FILE` (agent.models.scripted): `content`, `tool_calls` with `name` and
`arguments`, and optionally `prompt_tokens` / `completion_tokens` (reported as usage; when absent they
are estimated from the text, about four characters a token). Two keys more:

    {"error": {"status": 429, "message": "slow down"}}   answer this turn with an HTTP error instead
    {"content": "...", "finish_reason": "length"}        a finish reason other than the natural one

Which line answers a request: by default the number of assistant messages already in the request
(`history` mode), so parallel conversations, retries and resumed runs each get the right turn; in
`sequential` mode every request takes the next line.
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


class FakeScript(BaseModel):
    source: str
    turns: list[FakeTurn]


def _line(entry: dict[str, Any], index: int) -> FakeTurn:
    error = ScriptedError.model_validate(entry["error"]) if entry.get("error") is not None else None
    rest = {k: v for k, v in entry.items() if k not in ("error", "finish_reason")}
    return FakeTurn(
        turn=turn_from_script(rest, index),
        error=error,
        finish_reason=entry.get("finish_reason"),
        usage_given="prompt_tokens" in entry or "completion_tokens" in entry,
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
