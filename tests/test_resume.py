"""`cagent solve --resume` after `kill -9`: the run goes on after its last recorded model turn.

The runs are real CLI processes. Each step's bash command waits for the test to let it go (a file in the
workspace's `.gate/`, the only place a sandboxed command and the test both see), so the process is killed
at a known point: inside step N+1, with N steps recorded and step N+1 half done.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import git
import pytest

from agent.trajectory import Trajectory, load_trajectory
from tests.agent_scripts import bash, call, turn, write_script
from tests.quiet_handler import QuietHandler, serving

PROJECT = Path(__file__).resolve().parent.parent
DEADLINE_S = 120.0
STEPS = 8
_SECONDS = re.compile(r", \d+\.\d s\]")  # the bash footer's duration


def _script(tmp_path: Path) -> Path:
    """Eight turns; turn k writes a file, counts the files so far, and waits for `.gate/go_k` or `.gate/all`."""
    turns = []
    for k in range(1, STEPS):
        command = (
            f"printf 'step {k}\\n' > s{k}.txt && ls s*.txt | wc -l && mkdir -p .gate && touch .gate/reached_{k} "
            f"&& while [ ! -e .gate/go_{k} ] && [ ! -e .gate/all ]; do sleep 0.05; done"
        )
        calls = [bash(command)]
        if k % 3 == 0:  # after the held command, so a killed step has not run it yet
            calls.append(call("editor", {"command": "create", "path": f"e{k}.txt", "file_text": f"{k}\n"}))
        turns.append(turn(*calls, content=f"turn {k}", cost=0.001))
    turns.append(turn(call("submit", {"summary": "all steps done"})))
    return write_script(tmp_path / "steps.jsonl", turns)


def _solve(task: Path, model: str, workdir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "evals", "solve", "--task-file", str(task), "--model", model,
            "--workdir", str(workdir), "--quiet", *extra]  # fmt: skip


def _start(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    # Output to a file: a held command orphaned by the kill must not keep a pipe of ours open.
    with log.open("ab") as sink:
        return subprocess.Popen(argv, cwd=PROJECT, stdout=sink, stderr=sink, stdin=subprocess.DEVNULL)


def _wait_for(path: Path, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + DEADLINE_S
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"the run ended (exit {process.returncode}) before {path.name}: {log.read_text()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"the run never made {path}")
        time.sleep(0.05)


def _let_go(workspace: Path, *names: str) -> None:
    (workspace / ".gate").mkdir(parents=True, exist_ok=True)
    for name in names:
        (workspace / ".gate" / name).touch()


def _run(argv: list[str], workdir: Path, kill_after: list[int]) -> list[Trajectory]:
    """Run; for each N in `kill_after`, let N steps go, SIGKILL inside step N+1, resume; then finish.

    Returns the trajectory as each kill left it."""
    log, workspace = workdir.parent / f"{workdir.name}.log", workdir / "workspace"
    seen: list[Trajectory] = []
    released = 0
    for segment, steps in enumerate(kill_after):
        process = _start(argv + (["--resume"] if segment else []), log)
        try:
            _wait_for(workspace, process, log)
            _let_go(workspace, *(f"go_{k}" for k in range(released + 1, steps + 1)))
            released = steps
            _wait_for(workspace / ".gate" / f"reached_{steps + 1}", process, log)
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=DEADLINE_S)
        seen.append(load_trajectory(workdir / "trajectory.json"))
    process = _start(argv + (["--resume"] if kill_after else []), log)
    try:
        _wait_for(workspace, process, log)
        _let_go(workspace, "all")
        assert process.wait(timeout=600) == 0, log.read_text()
    finally:
        process.kill()
        process.wait()
    return seen


def _comparable(trajectory: Trajectory) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Steps and messages without what depends on timing: durations and the bash footer's seconds."""
    steps = []
    for step in trajectory.steps:
        dump = step.model_dump(mode="json", exclude={"model_seconds"})
        for observation in dump["observations"]:
            observation.pop("seconds")
            observation["output"] = _SECONDS.sub(", _ s]", observation["output"])
        steps.append(dump)
    messages = [
        {**m, "content": _SECONDS.sub(", _ s]", m["content"])} if m["role"] == "tool" else m
        for m in trajectory.messages
    ]  # fmt: skip
    return steps, messages


def _call_ids(trajectory: Trajectory) -> list[str]:
    return [c.id for step in trajectory.steps for c in step.assistant.tool_calls]


@pytest.fixture
def task(tmp_path: Path) -> Path:
    path = tmp_path / "task.md"
    path.write_text("Write the step files, then submit.")
    return path


def _uninterrupted(tmp_path: Path, task: Path, model: str) -> Trajectory:
    workdir = tmp_path / "whole"
    _run(_solve(task, model, workdir), workdir, kill_after=[])
    return load_trajectory(workdir / "trajectory.json")


def _assert_same_run(resumed: Trajectory, whole: Trajectory, workdir: Path, first: Trajectory) -> None:
    assert resumed.status == whole.status == "submitted"
    assert _comparable(resumed) == _comparable(whole), "the same steps, calls, ids and observations"
    ids = _call_ids(resumed)
    assert len(ids) == len(set(ids)) and ids == _call_ids(whole)
    answered = [m["tool_call_id"] for m in resumed.messages if m["role"] == "tool"]
    assert sorted(answered) == sorted(ids), "each call answered once in the history"
    result = json.loads((workdir / "result.json").read_text())
    before = [c.hexsha for c in git.Repo(workdir / "workspace").iter_commits() if "before the agent" in c.message]
    assert result["base_commit"] == first.base_commit == resumed.base_commit == before[0] and len(before) == 1
    assert result["steps"] == STEPS and result["status"] == "submitted"
    assert result["cost_usd"] == pytest.approx(whole.totals.cost_usd)


def test_scripted_run_killed_three_times_resumes_step_for_step(tmp_path: Path, task: Path) -> None:
    model = f"scripted:{_script(tmp_path)}"
    whole = _uninterrupted(tmp_path, task, model)
    workdir = tmp_path / "killed"
    seen = _run(_solve(task, model, workdir), workdir, kill_after=[1, 3, 6])
    assert [len(t.steps) for t in seen] == [1, 3, 6] and {t.status for t in seen} == {"running"}
    resumed = load_trajectory(workdir / "trajectory.json")
    _assert_same_run(resumed, whole, workdir, seen[0])
    assert [s.first_step for s in resumed.segments] == [0, 1, 3, 6]
    # Wall time adds up over the segments: each kill's record holds the earlier ones.
    walls = [t.totals.wall_s for t in seen]
    assert walls == sorted(walls) and resumed.totals.wall_s > walls[-1]
    assert resumed.totals.wall_s == pytest.approx(sum(s.wall_s for s in resumed.segments), abs=0.01)
    assert json.loads((workdir / "result.json").read_text())["wall_s"] == resumed.totals.wall_s
    files = sorted(p.name for p in (workdir / "workspace").glob("*.txt"))
    assert files == sorted(p.name for p in (tmp_path / "whole" / "workspace").glob("*.txt"))


def test_replayed_run_killed_once_resumes_step_for_step(tmp_path: Path, task: Path) -> None:
    whole = _uninterrupted(tmp_path, task, f"scripted:{_script(tmp_path)}")
    workdir = tmp_path / "replayed"
    model = f"replay:{tmp_path / 'whole' / 'trajectory.json'}"
    seen = _run(_solve(task, model, workdir), workdir, kill_after=[4])
    resumed = load_trajectory(workdir / "trajectory.json")
    _assert_same_run(resumed, whole, workdir, seen[0])
    assert [s.first_step for s in resumed.segments] == [0, 4]


class _ChatServer(QuietHandler):
    """An OpenAI-compatible endpoint that records each request and answers with a call to `submit`."""

    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        message = {"role": "assistant", "content": "Done.", "tool_calls": [
            {"id": "real_1", "type": "function", "function": {"name": "submit", "arguments": "{}"}}]}  # fmt: skip
        answer = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                  "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls"}],
                  "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}  # fmt: skip
        self._send(200, json.dumps(answer).encode())


@pytest.fixture
def chat_server() -> Iterator[str]:
    _ChatServer.requests = []
    with serving(_ChatServer) as base:
        yield f"{base}/v1"


def test_a_real_model_resumes_with_the_recorded_history(tmp_path: Path, task: Path, chat_server: str) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("echo one > one.txt")), turn(bash("cat one.txt"))])
    workdir = tmp_path / "run"
    first = subprocess.run(_solve(task, f"scripted:{script}", workdir, "--steps", "2"), cwd=PROJECT,
                           capture_output=True, text=True, timeout=600)  # fmt: skip
    assert first.returncode == 0, first.stderr
    recorded = load_trajectory(workdir / "trajectory.json")
    assert recorded.status == "budget_exhausted" and len(recorded.steps) == 2
    argv = _solve(task, "openai/local-model", workdir, "--api-base", chat_server, "--api-key", "k", "--resume")
    done = subprocess.run(argv, cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert len(_ChatServer.requests) == 1
    sent = _ChatServer.requests[0]["messages"]
    assert [(m["role"], m.get("content")) for m in sent] == [(m["role"], m.get("content")) for m in recorded.messages]
    assert [m.get("tool_call_id") for m in sent] == [m.get("tool_call_id") for m in recorded.messages]
    resumed = load_trajectory(workdir / "trajectory.json")
    assert resumed.status == "submitted" and _call_ids(resumed) == ["call_1_1", "call_2_1", "real_1"]
