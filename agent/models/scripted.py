"""A model that replays assistant turns written by hand in a JSONL file (`scripted:FILE`).

For tests and offline demos: no network, fully deterministic. One JSON object per line, one line per turn:

    {"content": "Let me look around.", "tool_calls": [{"name": "bash", "arguments": {"command": "ls"}}]}
    {"tool_calls": [{"id": "c9", "name": "bash", "arguments": "{\\"command\\": \\"ls\\""}]}
    {"content": "Done.", "tool_calls": [{"name": "submit", "arguments": {}}], "prompt_tokens": 900,
     "completion_tokens": 12, "cost_usd": 0.001}

- `content` (string or null) and `tool_calls` (list) are optional; every other key is optional too.
- `arguments` is an object (serialised to JSON) or a string sent as is, so malformed calls can be scripted.
- `id` defaults to `call_<turn>_<index>` (both from 1), so histories are identical run after run.
- `prompt_tokens`, `completion_tokens`, `cost_usd` default to 0.
Blank lines and lines starting with `#` are skipped. After the last turn `complete` raises ModelExhausted.
A resumed run skips the turns its trajectory already holds (see agent.models.fixed_turns).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agent.models.base import AssistantTurn, ModelError, ToolCall
from agent.models.fixed_turns import FixedTurnsModel

__all__ = ["ScriptedModel", "parse_script", "turn_from_script"]


def turn_from_script(entry: dict[str, Any], turn: int) -> AssistantTurn:
    """One scripted line as an AssistantTurn; `turn` (from 1) seeds the generated call ids."""
    calls = []
    for index, raw in enumerate(entry.get("tool_calls") or [], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
            raise ValueError(f"tool call {index} needs a string 'name'")
        arguments = raw.get("arguments", {})
        text = arguments if isinstance(arguments, str) else json.dumps(arguments)
        calls.append(ToolCall(id=str(raw.get("id") or f"call_{turn}_{index}"), name=raw["name"], arguments=text))
    return AssistantTurn(
        content=entry.get("content"),
        tool_calls=calls,
        prompt_tokens=int(entry.get("prompt_tokens", 0)),
        completion_tokens=int(entry.get("completion_tokens", 0)),
        cost_usd=float(entry.get("cost_usd", 0.0)),
    )


def parse_script(text: str, source: str = "script") -> list[AssistantTurn]:
    """All turns of a JSONL script; errors name the line."""
    turns: list[AssistantTurn] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            entry = json.loads(line)
            if not isinstance(entry, dict):
                raise ValueError("each line must be a JSON object")
            turns.append(turn_from_script(entry, len(turns) + 1))
        except (ValueError, TypeError) as exc:
            raise ModelError(f"{source}:{number}: {' '.join(str(exc).split())}") from exc
    return turns


class ScriptedModel(FixedTurnsModel):
    """Answers each `complete` call with the next scripted turn, ignoring the messages."""

    exhausted = "no scripted turns left after {count}"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = f"scripted:{self.path}"
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ModelError(f"cannot read script {self.path}: {exc.strerror or type(exc).__name__}") from exc
        super().__init__(parse_script(text, str(self.path)))

    def prepare(self, turn: AssistantTurn) -> AssistantTurn:
        return turn.model_copy(update={"model": self.name})
