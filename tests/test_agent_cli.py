"""`cagent solve`, `run-task` and `show` as users run them: real subprocesses, real files, real git."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agent.loop import INTERRUPTED
from agent.trajectory import load_trajectory
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tests.agent_cli_runs import PROJECT, assert_one_line_error, cagent
from tests.agent_scripts import bash, call, turn, write_script
from tools.databases import open_provider

DEMO = PROJECT / "examples" / "conduit-flask-demo.yaml"


def _no_boxes() -> bool:
    from tools.isolation.probe import isolation_problem

    return isolation_problem() is not None


def test_offline_demo_builds_a_backend_that_passes_the_suite(tmp_path: Path) -> None:
    done = cagent("solve", str(DEMO), "--workdir", str(tmp_path / "demo"), "--quiet")
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "demo" / "result.json").read_text())
    assert result["status"] == "submitted" and result["steps"] == 12
    verifier = result["mitigations_report"]["verifier"]  # the recorded backend passes the gate at once
    assert verifier["passed"] is True and verifier["submit_rounds"] == 1
    assert result["mitigations_report"]["plan"]["constraints"]["orm"] == "sqlalchemy"
    assert result["isolation_requested"] == "auto" and result["isolation"] == ("none" if _no_boxes() else "bwrap")
    workspace = Path(result["workspace"])
    assert (workspace / "run.sh").exists() and (workspace / "app" / "routes" / "articles.py").exists()
    trajectory = load_trajectory(tmp_path / "demo" / "trajectory.json")
    probes = [o for s in trajectory.steps for o in s.observations if o.tool == "http"]
    assert "200" in probes[0].output and "201" in probes[1].output
    provider = open_provider("sqlite")
    try:
        scored = evaluate(workspace, [load_suite("postman-v1")], provider, EvalOptions())
    finally:
        provider.close()
    assert (scored.passed, scored.total) == (311, 311)


def test_run_task_works_from_environment_variables_alone(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl",
        [turn(bash("echo built > built.txt")), turn(call("submit", {"summary": "ok"}))],
    )
    workspace, records = tmp_path / "container-repo", tmp_path / "trajectories"
    workspace.mkdir()
    # The script writes no backend, which the verifier would refuse: it is switched off like a harness would.
    env = {"PROMPT": "Build it.", "LLM_MODEL": f"scripted:{script}", "TRAJECTORY_DIR": str(records),
           "CAGENT_MITIGATIONS": "plan,retrieval,schema"}  # fmt: skip
    done = cagent("run-task", cwd=workspace, env=env)
    assert done.returncode == 0, done.stderr
    assert (workspace / "built.txt").read_text() == "built\n"
    assert load_trajectory(records / "trajectory.json").status == "submitted"
    switches = json.loads((records / "result.json").read_text())["mitigations"]
    assert switches == {"plan": True, "retrieval": True, "schema": True, "verifier": False}
    assert_one_line_error(cagent("run-task", cwd=workspace, env={"PROMPT": "", "LLM_MODEL": "x"}), "PROMPT is not set")


def _slow_run(tmp_path: Path, preexec_fn: Callable[[], object] | None = None) -> subprocess.Popen[str]:
    """A run whose second step sleeps a minute, after touching `workspace/sleeping`."""
    script = write_script(
        tmp_path / "s.jsonl", [turn(bash("echo step > one.txt")), turn(bash("touch sleeping && sleep 60"))]
    )
    task = tmp_path / "task.md"
    task.write_text("Do something slow.")
    return subprocess.Popen(
        [sys.executable, "-m", "evals", "solve", "--task-file", str(task), "--framework", "flask",
         "--model", f"scripted:{script}", "--workdir", str(tmp_path / "run"), "--quiet"],
        cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=preexec_fn,
    )  # fmt: skip


def _wait_until_sleeping(tmp_path: Path) -> None:
    deadline = time.monotonic() + 60
    while not (tmp_path / "run" / "workspace" / "sleeping").exists():
        assert time.monotonic() < deadline, "the run never reached its sleeping step"
        time.sleep(0.05)


def _wait_for_first_step(path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if path.exists() and load_trajectory(path).steps:
            return
        time.sleep(0.1)
    raise AssertionError("the run never recorded a step")


def test_killed_run_leaves_a_readable_trajectory(tmp_path: Path) -> None:
    process = _slow_run(tmp_path)
    trajectory_path = tmp_path / "run" / "trajectory.json"
    _wait_for_first_step(trajectory_path)
    process.kill()
    process.wait(timeout=10)
    trajectory = load_trajectory(trajectory_path)
    assert trajectory.status == "running" and len(trajectory.steps) >= 1
    shown = cagent("show", str(trajectory_path))
    assert shown.returncode == 0 and "echo step > one.txt" in shown.stdout


def _sigint_while_sleeping(tmp_path: Path, preexec_fn: Callable[[], object] | None = None) -> dict[str, Any]:
    """Start a slow run, SIGINT it inside its sleeping step; its result.json."""
    process = _slow_run(tmp_path, preexec_fn)
    try:
        _wait_until_sleeping(tmp_path)
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    finally:
        process.kill()
    return json.loads((tmp_path / "run" / "result.json").read_text())


def test_interrupted_run_says_so_in_result_json(tmp_path: Path) -> None:
    result = _sigint_while_sleeping(tmp_path)
    assert result["status"] == "interrupted" and result["final_commit"]


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def test_sigint_interrupts_a_run_started_with_sigint_ignored(tmp_path: Path) -> None:
    """As under nohup, `&` in a script or a CI runner: the ignored disposition is inherited, then replaced."""
    result = _sigint_while_sleeping(tmp_path, preexec_fn=_ignore_sigint)
    assert result["status"] == "interrupted" and result["reason"] == "interrupted by the user"
    assert load_trajectory(tmp_path / "run" / "trajectory.json").steps[1].observations[0].output == INTERRUPTED


def test_show_renders_html(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl", [turn(bash("echo '<b>hi</b>'"), content="Say hi."), turn(call("submit"))]
    )
    task = tmp_path / "task.md"
    task.write_text("Say hi.")
    done = cagent("solve", "--task-file", str(task), "--model", f"scripted:{script}", "--workdir", str(tmp_path / "r"),
                  "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = tmp_path / "run.html"
    assert cagent("show", str(tmp_path / "r"), "--html", str(page)).returncode == 0
    text = page.read_text()
    assert "Say hi." in text and "&lt;b&gt;hi&lt;/b&gt;" in text and "<b>hi</b>" not in text


def test_bad_inputs_are_one_line_with_exit_2(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: x\nframework: rails\n")
    assert_one_line_error(cagent("solve", str(spec)), "framework")
    spec.write_text("name: x\nframework: flask\nbudget: {steps: -1}\n")
    assert_one_line_error(cagent("solve", str(spec)), "budget.steps")
    spec.write_text("name: x\nframework: flask\nmodel: openai/gpt-5-mini\n")
    env: dict[str, str | None] = {"OPENAI_API_KEY": None}
    assert_one_line_error(cagent("solve", str(spec), "--workdir", str(tmp_path / "w"), env=env), "OPENAI_API_KEY")
    assert_one_line_error(cagent("show", str(tmp_path / "missing.json")), "no such trajectory")
    task = tmp_path / "t.md"
    task.write_text("x")
    rails = cagent("solve", "--task-file", str(task), "--framework", "rails", "--model", "x", "--workdir", "w")
    assert_one_line_error(rails, "unknown framework")


def test_demo_script_is_in_step_with_the_reference() -> None:
    """The recorded turns write the reference backend; regenerate them when the reference changes."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_demo_script", PROJECT / "examples" / "build_demo_script.py")
    assert spec is not None and spec.loader is not None
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    recorded = [
        json.loads(line) for line in (PROJECT / "examples" / "conduit-flask-demo.jsonl").read_text().splitlines()
    ]
    assert recorded == builder.turns(), "run: python examples/build_demo_script.py"


def test_interrupted_run_resumes_to_completion(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl",
        [
            turn(bash("echo one > one.txt")),
            turn(bash("touch sleeping && sleep 60")),
            turn(bash("echo two > two.txt")),
            turn(call("submit")),
        ],
    )
    task = tmp_path / "task.md"
    task.write_text("Write two files.")
    args = ["solve", "--task-file", str(task), "--model", f"scripted:{script}", "--workdir", str(tmp_path / "run")]
    process = subprocess.Popen(
        [sys.executable, "-m", "evals", *args, "--quiet"], cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        _wait_until_sleeping(tmp_path)
        process.send_signal(signal.SIGTERM)  # as a harness giving up would; handled like Ctrl-C
        process.wait(timeout=60)
    finally:
        process.kill()
    interrupted = load_trajectory(tmp_path / "run" / "trajectory.json")
    assert interrupted.status == "interrupted"
    calls = {c["id"] for m in interrupted.messages for c in m.get("tool_calls") or []}
    answered = {m["tool_call_id"] for m in interrupted.messages if m["role"] == "tool"}
    assert calls == answered, "every tool call has an answer, so providers accept the history on resume"
    assert_one_line_error(cagent(*args), "already holds a run")
    # The same script: the two turns the trajectory holds (the second one interrupted) are not asked again.
    resumed = cagent(*args, "--resume", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads((tmp_path / "run" / "result.json").read_text())
    assert result["status"] == "submitted"
    workspace = tmp_path / "run" / "workspace"
    assert (workspace / "one.txt").exists() and (workspace / "two.txt").exists()
    trajectory = load_trajectory(tmp_path / "run" / "trajectory.json")
    assert [o.output for o in trajectory.steps[1].observations] == [INTERRUPTED]
    assert trajectory.totals.steps == 4 and len(trajectory.segments) == 2
    assert_one_line_error(cagent(*args, "--resume", "--quiet"), "was submitted")


def test_force_starts_over(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("echo hi > hi.txt")), turn(call("submit"))])
    task = tmp_path / "task.md"
    task.write_text("Say hi.")
    args = [
        "solve",
        "--task-file",
        str(task),
        "--model",
        f"scripted:{script}",
        "--workdir",
        str(tmp_path / "r"),
        "--quiet",
    ]
    assert cagent(*args).returncode == 0
    (tmp_path / "r" / "workspace" / "stale.txt").write_text("from the first run")
    assert cagent(*args, "--force").returncode == 0
    assert not (tmp_path / "r" / "workspace" / "stale.txt").exists()


def test_more_bad_inputs_are_one_line(tmp_path: Path) -> None:
    task = tmp_path / "t.md"
    task.write_text("x")
    base = ["solve", "--task-file", str(task), "--model", "scripted:none.jsonl", "--workdir", str(tmp_path / "w")]
    assert_one_line_error(cagent(*base, "--steps", "-3"), "--steps")
    assert_one_line_error(cagent(*base, "--resume"), "nothing to resume")
    assert_one_line_error(cagent(*base, "--sandbox", "nope"), "unknown sandbox 'nope'")
    script = write_script(tmp_path / "s.jsonl", [turn(call("submit"))])
    assert cagent("solve", "--task-file", str(task), "--model", f"scripted:{script}", "--workdir", str(tmp_path / "ok"),
                  "--quiet").returncode == 0  # fmt: skip
    trajectory = tmp_path / "ok" / "trajectory.json"
    assert_one_line_error(cagent("show", str(trajectory), "--html", str(tmp_path)), "cannot write")
    bad_env = {"PROMPT": "x", "LLM_MODEL": f"scripted:{script}", "CAGENT_STEPS": "-1"}
    assert_one_line_error(cagent("run-task", cwd=tmp_path, env=bad_env), "bad budget variable (steps)")
