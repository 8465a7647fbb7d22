"""The live view in logs and terminals, and the width of tables outside a terminal."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

from rich.console import Console

from agent.budget import Budget
from agent.live import LiveView
from agent.models.base import AssistantTurn
from agent.trajectory import Observation, Step
from tests.agent_cli_runs import PROJECT
from tests.agent_scripts import bash, call, turn, write_script


def _step(index: int, command: str, *, error: bool = False) -> Step:
    turn_ = AssistantTurn(content=None, prompt_tokens=100 + index, completion_tokens=7, cost_usd=0.001)
    observation = Observation(
        tool_call_id=f"c{index}", tool="bash", arguments={"command": command}, output="", is_error=error, seconds=0.5
    )
    return Step(index=index, assistant=turn_, observations=[observation], model_seconds=1.0)


def test_outside_a_terminal_every_step_is_one_plain_line() -> None:
    out = io.StringIO()
    console = Console(file=out, width=80)
    assert not console.is_terminal
    with LiveView(console, Budget(steps=40), "cagent · demo · scripted") as view:
        for index in range(1, 15):
            view.on_step(_step(index, f"echo [bold]{index}[/bold] {'x' * 120}", error=index == 3))
    lines = out.getvalue().splitlines()
    assert lines[0] == "cagent · demo · scripted"
    steps = [line for line in lines if line.startswith("step ")]
    assert len(steps) == 14  # none dropped, however many there are
    assert steps[2].startswith("step   3  error  tokens 103+7  $0.0010  1.5 s  bash echo [bold]3[/bold]")
    assert all(len(line) > 80 for line in steps)  # one line each, not wrapped at the console's width
    assert lines[-1].startswith("steps 14/40")


def test_in_a_terminal_the_table_has_a_header_for_every_column() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=140, color_system=None)
    with LiveView(console, Budget(steps=40), "run") as view:
        for index in range(1, 13):
            view.on_step(_step(index, f"ls step-{index}"))
    text = out.getvalue()
    for header in ("step", "tool calls", "state", "tokens", "cost $"):
        assert header in text
    assert "ls step-12" in text


def _width_seen(env: dict[str, str]) -> int:
    code = "from agent.console import console; print(console.width)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, stdin=subprocess.DEVNULL,
        env={k: v for k, v in {**os.environ, **env}.items() if k != "COLUMNS" or "COLUMNS" in env}, timeout=60,
    )  # fmt: skip
    return int(done.stdout.strip())


def test_tables_in_logs_use_columns_or_a_wide_page() -> None:
    assert _width_seen({"COLUMNS": "133"}) == 133
    assert _width_seen({}) >= 200


def test_solve_in_a_log_prints_each_step(tmp_path: Path) -> None:
    turns = [turn(bash(f"echo {i} > f{i}.txt")) for i in range(1, 12)] + [turn(call("submit", {"summary": "ok"}))]
    script = write_script(tmp_path / "s.jsonl", turns)
    task = tmp_path / "task.md"
    task.write_text("Write files.")
    done = subprocess.run(
        [sys.executable, "-m", "evals", "solve", "--task-file", str(task), "--framework", "flask",
         "--model", f"scripted:{script}", "--workdir", str(tmp_path / "run")],
        cwd=PROJECT, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300,
        env={**os.environ, "CAGENT_MITIGATIONS": "none"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    steps = [line for line in done.stdout.splitlines() if line.startswith("step ")]
    assert len(steps) == 12, done.stdout
    assert "bash echo 1 > f1.txt" in steps[0] and "submit ok" in steps[11]
    assert "┃" not in done.stdout and "│" not in done.stdout  # no table drawn in a log
