"""The component resolver: names, dotted paths and options of databases, models, sandboxes, suites and tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.models import make_model
from agent.models.base import ModelError
from agent.models.litellm_model import LitellmModel
from agent.models.scripted import ScriptedModel
from agent.models.settings import ModelSettings
from evals.suites.hurl_v2 import HurlV2Suite
from evals.suites.registry import load_suite, suite_names
from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.agent_scripts import call, turn, write_script
from tools.agent_tools import BashTool, default_tools
from tools.components import ComponentError, Registry, config_model, split_options
from tools.databases import open_provider
from tools.sandbox import LocalSandbox, make_sandbox


def _one_line(exc: pytest.ExceptionInfo[BaseException]) -> str:
    text = str(exc.value)
    assert "\n" not in text
    return text


def test_options_follow_the_name_after_commas() -> None:
    assert split_options("local") == ("local", {})
    assert split_options("local, default_timeout_s=5 ,isolation=none") == (
        "local",
        {"default_timeout_s": "5", "isolation": "none"},
    )
    with pytest.raises(ComponentError, match="options are written key=value"):
        split_options("local,5")


def test_config_is_made_from_the_constructor_and_forbids_the_rest() -> None:
    config = config_model(LocalSandbox)
    assert {"default_timeout_s", "isolation", "max_processes", "memory_mode"} <= set(config.model_fields)
    assert "workspace" not in config.model_fields, "a parameter without a default is an argument, not an option"
    assert config.model_config.get("extra") == "forbid"
    registry = Registry("sandbox", {"local": "tools.sandbox.local.LocalSandbox"})
    assert registry.configure("local", LocalSandbox, {"default_timeout_s": "7"}) == {"default_timeout_s": 7.0}


def test_a_misspelt_option_of_every_component_kind_is_one_line(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(call("submit"))])
    cases = [
        (lambda: make_sandbox("local,max_proceses=3", tmp_path), "sandbox local: unknown option 'max_proceses'"),
        (lambda: make_sandbox("local,memory_mode=vms", tmp_path), "sandbox local: option memory_mode: Input should"),
        (lambda: make_model(f"scripted:{script},temprature=0"), "unknown option 'temprature'"),
        (lambda: make_model("openai/gpt-5-mini", tempreature=0.2), "unknown option 'tempreature'"),
        (lambda: make_model("openai/gpt-5-mini,max_tokens=many"), "option max_tokens: Input should be a valid"),
        (lambda: suite_names("hurl-v2,uidd=x"), "suite hurl-v2: unknown option 'uidd' (options: uid, files)"),
        (lambda: load_suite("postman-v1,variable=x"), "suite postman-v1: unknown option 'variable'"),
        (lambda: open_provider("postgres,backend=lokal"), "database postgres: option backend: Input should be"),
        (lambda: open_provider("sqlite,path=x"), "database sqlite: unknown option 'path' (options: none)"),
        (lambda: default_tools(sandbox, enabled={"bash,timout=3"}), "tool bash: unknown option 'timout'"),
    ]
    sandbox = LocalSandbox(tmp_path, isolation="none")
    try:
        for build, fragment in cases:
            with pytest.raises((ComponentError, ModelError)) as caught:
                build()
            assert fragment in _one_line(caught), fragment
    finally:
        sandbox.close()


def test_unknown_names_say_the_choices() -> None:
    with pytest.raises(ComponentError) as caught:
        make_sandbox("nope", "/tmp")
    assert _one_line(caught) == "unknown sandbox 'nope'; choose one of local, docker or a dotted class path"
    with pytest.raises(ComponentError, match="unknown database kind 'mysql'; choose one of postgres"):
        open_provider("mysql")
    with pytest.raises(ComponentError, match="unknown suite 'cypress'; choose one of postman-v1, hurl-v2, all"):
        suite_names("cypress")
    with pytest.raises(ComponentError, match="suite all takes no options"):
        suite_names("all,uid=x")


def test_options_reach_the_components(tmp_path: Path) -> None:
    box = make_sandbox("local,default_timeout_s=9", tmp_path, isolation="none", default_timeout_s=3)
    assert isinstance(box, LocalSandbox) and box.default_timeout_s == 9, "options in the name win over code's"
    box.close()
    suite = load_suite("hurl-v2,uid=fixed")
    assert isinstance(suite, HurlV2Suite) and suite.uid == "fixed"
    assert open_provider("none") is None
    sandbox = LocalSandbox(tmp_path, isolation="none")
    try:
        bash = default_tools(sandbox, enabled={"bash,max_timeout_s=30", "submit"})[0]
        assert isinstance(bash, BashTool) and bash.max_timeout_s == 30
    finally:
        sandbox.close()
    real = make_model("openai/gpt-5-mini,temperature=0.3,max_tokens=50", api_base="http://127.0.0.1:9/v1")
    assert isinstance(real, LitellmModel) and (real.temperature, real.max_tokens) == (0.3, 50)
    assert real.name == "openai/gpt-5-mini"


def test_offline_models_accept_the_settings_of_real_ones_and_only_those(tmp_path: Path) -> None:
    fields = config_model(LitellmModel).model_fields
    assert {k: f.default for k, f in fields.items()} == {k: f.default for k, f in ModelSettings.model_fields.items()}
    script = write_script(tmp_path / "s.jsonl", [turn(call("submit"))])
    assert isinstance(make_model(f"scripted:{script},temperature=0.5", max_tokens=10), ScriptedModel)
    with pytest.raises(ModelError, match="option temperature: Input should be a valid number"):
        make_model(f"scripted:{script},temperature=hot")


def test_misspelt_options_on_the_command_line_are_one_line_and_exit_2(tmp_path: Path) -> None:
    task = tmp_path / "t.md"
    task.write_text("x")
    script = write_script(tmp_path / "s.jsonl", [turn(call("submit"))])
    solve = ["solve", "--task-file", str(task), "--workdir", str(tmp_path / "w"), "--quiet"]
    model = ["--model", f"scripted:{script}"]
    assert_one_line_error(cagent(*solve, *model, "--sandbox", "local,max_proceses=3"), "unknown option 'max_proceses'")
    assert_one_line_error(cagent(*solve, "--model", f"scripted:{script},temprature=0"), "unknown option 'temprature'")
    assert not (tmp_path / "w" / "trajectory.json").exists(), "bad input stops before any work"
    evaluate = ["eval", str(tmp_path), "--quiet"]
    assert_one_line_error(cagent(*evaluate, "--suite", "hurl-v2,uidd=x"), "suite hurl-v2: unknown option 'uidd'")
    assert_one_line_error(cagent(*evaluate, "--db", "postgres,backend=lokal"), "database postgres: option backend")
    assert_one_line_error(cagent(*evaluate, "--db", "sqlite,file=x"), "database sqlite: unknown option 'file'")
