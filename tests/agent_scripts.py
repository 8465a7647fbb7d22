"""Writing scripted-model files for agent tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def call(name: str, arguments: dict[str, Any] | str | None = None) -> dict[str, Any]:
    return {"name": name, "arguments": {} if arguments is None else arguments}


def turn(*calls: dict[str, Any], content: str | None = None, cost: float = 0.0) -> dict[str, Any]:
    return {"content": content, "tool_calls": list(calls), "cost_usd": cost, "prompt_tokens": 10}


def write_script(path: Path, turns: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(t) + "\n" for t in turns))
    return path


def bash(command: str, **extra: Any) -> dict[str, Any]:
    return call("bash", {"command": command, **extra})


def spending_script(path: Path, sleep_s: int) -> Path:
    """Three turns of $0.40, then one that sleeps: under a $1.00 cap the run is still going when it is crossed."""
    spent = [turn(bash(f"echo {n}"), cost=0.4) for n in ("one", "two", "three")]
    return write_script(path, [*spent, turn(bash(f"sleep {sleep_s}"), cost=0.4)])
