"""The trajectory header records how a run was configured, `cagent show` prints it, and /1 files still work."""

from __future__ import annotations

import hashlib
import json
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

import pytest

from agent.run_config import model_record
from agent.trajectory import FORMAT, load_trajectory
from tests.agent_cli_runs import PROJECT, cagent
from tests.agent_scripts import bash, call, turn, write_script

DEMO = PROJECT / "examples" / "conduit-flask-demo.yaml"
FORMAT_1 = PROJECT / "tests" / "trajectories" / "format-1.json"
WIDE = {"COLUMNS": "240"}  # no wrapping of the configuration lines in the captured output


def _node_version() -> str | None:
    node = shutil.which("node")
    return subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else None


def test_demo_trajectory_holds_its_configuration_and_show_prints_it(tmp_path: Path) -> None:
    done = cagent("solve", str(DEMO), "--workdir", str(tmp_path / "demo"), "--quiet")
    assert done.returncode == 0, done.stderr
    trajectory = load_trajectory(tmp_path / "demo" / "trajectory.json")
    config = trajectory.configuration
    assert trajectory.format == FORMAT == "cagent-trajectory/2" and config is not None
    assert config.source is not None and config.source.kind == "spec" and config.source.path == str(DEMO)
    assert config.source.sha256 == hashlib.sha256(DEMO.read_bytes()).hexdigest()
    assert (config.budget.steps, config.budget.cost_usd, config.budget.wall_s) == (30, 1.0, 600.0)  # the spec's
    assert config.loop.max_malformed == 3 and config.sandbox == "local"
    assert config.isolation.requested == "auto" and config.isolation.used in ("bwrap", "none")
    assert [t.name for t in config.tools] == ["bash", "editor", "search", "server", "http", "docs", "verify", "submit"]
    hashes = {t.schema_sha256 for t in config.tools} | {config.tools_sha256}
    assert len(hashes) == 9 and all(len(h) == 64 for h in hashes)
    assert config.mitigations.model_dump() == {"plan": True, "retrieval": True, "schema": False, "verifier": True}
    script = str(PROJECT / "examples" / "conduit-flask-demo.jsonl")
    assert config.model.name == f"scripted:{script}" and config.model.kind == "agent.models.scripted.ScriptedModel"
    assert config.model.settings == {"path": script}
    assert config.versions.cagent == metadata.version("cagent")
    assert config.versions.python == platform.python_version() and config.versions.node == _node_version()

    shown = cagent("show", str(tmp_path / "demo"), env=WIDE)
    assert shown.returncode == 0, shown.stderr
    assert f"source       spec {DEMO} sha256 {config.source.sha256[:12]}" in shown.stdout
    assert "budget       steps 30, cost $1.00, wall 600 s" in shown.stdout
    tools = "bash editor search server http docs verify submit"
    assert f"tools        {tools} (schemas sha256 {config.tools_sha256[:12]})" in shown.stdout
    assert "mitigations  on: plan retrieval verifier; off: schema" in shown.stdout
    assert f"model        scripted:{script} (agent.models.scripted.ScriptedModel)" in shown.stdout
    assert f"Python {platform.python_version()}, Node {_node_version() or 'absent'}" in shown.stdout
    page = tmp_path / "run.html"
    assert cagent("show", str(tmp_path / "demo"), "--html", str(page)).returncode == 0
    html = page.read_text()
    assert "<h2>Task and configuration</h2>" in html and f"sha256 {config.tools_sha256[:12]}" in html


def test_a_format_1_trajectory_still_shows_and_replays(tmp_path: Path) -> None:
    assert json.loads(FORMAT_1.read_text())["format"] == "cagent-trajectory/1"
    shown = cagent("show", str(FORMAT_1), env=WIDE)
    assert shown.returncode == 0, shown.stderr
    assert (
        "configuration not recorded (cagent-trajectory/1)" in shown.stdout and "echo hello > hello.txt" in shown.stdout
    )
    task = tmp_path / "task.md"
    task.write_text("Write hello.txt holding the word hello.\n")
    done = cagent("solve", "--task-file", str(task), "--model", f"replay:{FORMAT_1}", "--workdir", str(tmp_path / "r"),
                  "--quiet")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r" / "workspace" / "hello.txt").read_text() == "hello\n"
    replayed = load_trajectory(tmp_path / "r" / "trajectory.json")
    assert replayed.status == "submitted" and replayed.format == FORMAT and replayed.configuration is not None
    assert replayed.configuration.source is not None and replayed.configuration.source.kind == "prompt"
    assert replayed.configuration.source.path == str(task)
    assert replayed.configuration.source.sha256 == hashlib.sha256(task.read_bytes()).hexdigest()


def test_a_resumed_run_keeps_its_configuration_and_notes_what_changed(tmp_path: Path) -> None:
    script = write_script(
        tmp_path / "s.jsonl", [turn(bash("echo one > one.txt")), turn(bash("echo two > two.txt")), turn(call("submit"))]
    )
    task = tmp_path / "task.md"
    task.write_text("Write two files.")
    common = ["solve", "--task-file", str(task), "--model", f"scripted:{script}", "--workdir", str(tmp_path / "run")]
    first = cagent(*common, "--steps", "1", "--quiet")
    assert first.returncode == 0, first.stderr
    assert load_trajectory(tmp_path / "run" / "trajectory.json").status == "budget_exhausted"
    resumed = cagent(*common, "--steps", "5", "--resume", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    trajectory = load_trajectory(tmp_path / "run" / "trajectory.json")
    assert trajectory.status == "submitted" and trajectory.configuration is not None
    assert trajectory.configuration.budget.steps == 1  # the original configuration stays
    first_segment, second_segment = trajectory.segments
    assert first_segment.changed == {} and second_segment.first_step == 1
    assert second_segment.changed == {"budget": {"steps": 5, "cost_usd": 5.0, "wall_s": 3600.0}}
    shown = cagent("show", str(tmp_path / "run"), env=WIDE)
    assert "resumed      segment 2 at step 2, changed: budget" in shown.stdout


def test_model_settings_are_recorded_without_credentials() -> None:
    from agent.models.litellm_model import LitellmModel

    model = LitellmModel(
        "openai/qwen-local", api_base="http://user:hunter2@gpu.example:8000/v1?api-key=sk-123&region=eu",
        api_key="sk-456", temperature=0.2, context_window=32_000,
        extra={"extra_headers": {"Authorization": "Bearer sk-789", "X-Trace": "on"}, "mock_response": "hi"},
    )  # fmt: skip
    record = model_record(model)
    text = record.model_dump_json()
    assert not any(secret in text for secret in ("hunter2", "sk-123", "sk-456", "sk-789", "api_key"))
    assert record.settings["api_base"] == "http://user@gpu.example:8000/v1?region=eu"
    assert record.settings["temperature"] == 0.2 and record.context_window == 32_000
    assert record.settings["extra"] == {"extra_headers": {"X-Trace": "on"}, "mock_response": "hi"}


@pytest.mark.parametrize("absent", [True, False])
def test_node_version_is_none_without_node(monkeypatch: pytest.MonkeyPatch, absent: bool) -> None:
    from agent.versions import NodeVersion

    if absent:
        monkeypatch.setenv("PATH", "/nonexistent")
    assert NodeVersion().value() == (None if absent else _node_version())


def test_a_spec_s_mitigations_and_source_reach_the_plan(tmp_path: Path) -> None:
    from agent.spec import parse_spec
    from agent.tasks import plan_from_spec

    data = {"name": "ablation", "framework": "flask", "workdir": str(tmp_path), "mitigations": {"verifier": False}}
    plan = plan_from_spec(parse_spec(data))
    assert plan.mitigations.enabled("plan") and not plan.mitigations.enabled("verifier")
    assert plan.source is not None and plan.source.kind == "spec" and plan.source.path is None
    again = plan_from_spec(parse_spec({**data, "mitigations": {"verifier": True}}))
    assert again.source is not None and again.source.sha256 != plan.source.sha256  # a spec given as data
