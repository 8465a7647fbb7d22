"""How the OpenHands scaffold reads the CLI's output: the JSON events, and a crash printed beside them."""

from __future__ import annotations

import json
from pathlib import Path

from evals.scaffolds.openhands import EventTally

ACTION = {"kind": "ActionEvent", "action": {"kind": "TerminalAction", "command": "ls"}}
FINISH = {"kind": "ActionEvent", "action": {"kind": "FinishAction", "message": "done"}}
CRASH = [
    "Initializing agent...",
    "╭───────── Traceback (most recent call last) ─────────╮",
    "│ /venv/lib/python3.12/site-packages/textual/worker.py:370 in _run │",
    "│ │  error = ValueError('tmux set-environment stderr')  │ │",
    "╰──────────────────────────────────────────────────────╯",
    "ValueError: tmux set-environment stderr: ['no server running on ",
    "/tmp/tmux-65534/openhands']",
    "Goodbye!",
]


def _log(tmp_path: Path, *lines: object) -> Path:
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n")
    return path


def test_actions_and_finish_are_counted(tmp_path: Path) -> None:
    tally = EventTally().read(_log(tmp_path, "banner text", ACTION, FINISH))
    assert (tally.actions, tally.finished, tally.crash) == (2, True, None)


def test_a_traceback_outside_the_events_is_a_crash(tmp_path: Path) -> None:
    tally = EventTally().read(_log(tmp_path, ACTION, *CRASH))
    assert tally.finished is False
    assert tally.crash == "ValueError: tmux set-environment stderr: ['no server running on"


def test_an_error_line_without_a_traceback_is_not_a_crash(tmp_path: Path) -> None:
    noise = ["ERROR    Git command failed: git clone --depth 1", "ValueError: printed by a command, not raised"]
    assert EventTally().read(_log(tmp_path, *noise, ACTION)).crash is None


def test_reading_again_recounts(tmp_path: Path) -> None:
    tally = EventTally()
    path = _log(tmp_path, ACTION)
    tally.read(path)
    path.write_text(path.read_text() + json.dumps(FINISH) + "\n")
    assert (tally.read(path).actions, tally.finished) == (2, True)
