"""`cagent solve` exit codes per run status, and `run-task`'s "0 whenever the task ran", through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from tests.agent_cli_runs import cagent
from tests.agent_scripts import bash, call, turn, write_script


def _solve(tmp_path: Path, turns: list[dict], *extra: str) -> tuple[int, str]:
    """Run `cagent solve` on a free-text task with a scripted model; the exit code and the recorded status."""
    tmp_path.mkdir(exist_ok=True)
    task = tmp_path / "task.md"
    task.write_text("Write a note.")
    script = write_script(tmp_path / "s.jsonl", turns)
    workdir = tmp_path / "run"
    done = cagent(
        "solve", "--task-file", str(task), "--model", f"scripted:{script}", "--workdir", str(workdir), "--quiet", *extra
    )
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, json.loads((workdir / "result.json").read_text())["status"]


def test_a_run_that_ends_in_error_exits_1(tmp_path: Path) -> None:
    # The scripted model runs out of turns before the run submits.
    assert _solve(tmp_path, [turn(bash("echo partial > note.txt"))]) == (1, "error")


def test_submitted_and_budget_exhausted_exit_0(tmp_path: Path) -> None:
    assert _solve(tmp_path / "a", [turn(bash("echo ok > note.txt")), turn(call("submit"))]) == (0, "submitted")
    spent = [turn(bash("echo one > note.txt")), turn(bash("echo two >> note.txt")), turn(call("submit"))]
    assert _solve(tmp_path / "b", spent, "--steps", "1") == (0, "budget_exhausted")


def test_run_task_exits_0_when_the_run_ended_in_error(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("echo partial > note.txt"))])
    workspace, records = tmp_path / "repo", tmp_path / "trajectories"
    workspace.mkdir()
    env = {"PROMPT": "Write a note.", "LLM_MODEL": f"scripted:{script}", "TRAJECTORY_DIR": str(records)}
    done = cagent("run-task", cwd=workspace, env=env)
    assert done.returncode == 0, done.stderr
    assert "error" in done.stdout and (workspace / "note.txt").exists()
