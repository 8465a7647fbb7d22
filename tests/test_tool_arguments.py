"""Tool arguments as pydantic models: the schema the model sees, the validation, the correction it gets."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.models.scripted import ScriptedModel
from agent.session import RunPlan, run_agent
from agent.trajectory import load_trajectory
from tests.agent_scripts import call, turn, write_script
from tools.agent_tools import default_tools
from tools.agent_tools.arguments import parse, schema_of
from tools.agent_tools.bash import BashArguments, BashTool
from tools.agent_tools.editor import EditorArguments, EditorTool
from tools.agent_tools.http_request import HttpArguments, HttpTool
from tools.agent_tools.search import SearchArguments
from tools.agent_tools.server import ServerArguments
from tools.agent_tools.submit import SubmitArguments
from tools.base import ToolInputError
from tools.sandbox import LocalSandbox


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[LocalSandbox]:
    box = LocalSandbox(tmp_path, isolation="none")
    yield box
    box.close()


def test_every_schema_comes_from_the_tools_arguments_model(sandbox: LocalSandbox) -> None:
    models = {
        "bash": BashArguments,
        "editor": EditorArguments,
        "search": SearchArguments,
        "server": ServerArguments,
        "http": HttpArguments,
        "submit": SubmitArguments,
    }
    required = {"bash": ["command"], "editor": ["command", "path"], "search": ["command", "pattern"],
                "server": ["action"], "http": ["path"], "submit": []}  # fmt: skip
    for tool in default_tools(sandbox):
        schema = tool.parameters()
        generated = schema_of(models[tool.name])
        assert list(schema["properties"]) == list(generated["properties"]), tool.name
        assert schema["required"] == required[tool.name]
        for name, prop in schema["properties"].items():
            assert "title" not in prop and "anyOf" not in prop and "default" not in prop, (tool.name, name)
            assert {k: v for k, v in prop.items() if k != "description"} == {
                k: v for k, v in generated["properties"][name].items() if k != "description"
            }
    editor = EditorTool(sandbox).parameters()["properties"]
    assert editor["command"] == {"type": "string", "enum": ["view", "create", "str_replace", "insert", "undo_edit"]}
    assert editor["view_range"]["type"] == "array" and editor["view_range"]["items"] == {"type": "integer"}
    assert (editor["view_range"]["minItems"], editor["view_range"]["maxItems"]) == (2, 2)
    timeout = BashTool(sandbox, default_timeout_s=30, max_timeout_s=90).parameters()["properties"]["timeout"]
    assert timeout == {"type": "number", "description": timeout["description"]}
    assert timeout["description"].endswith("(default 30, at most 90)"), "descriptions carry the tool's own limits"
    http = HttpTool("http://127.0.0.1:9").parameters()["properties"]
    assert http["json"] == {"description": "a JSON body (sets Content-Type: application/json)"}
    assert http["headers"] == {"type": "object", "additionalProperties": {"type": "string"}}


def test_validation_is_strict_and_one_line() -> None:
    problems = {
        "missing required argument 'command'": (BashArguments, {}),
        "argument 'command': Input should be a valid string": (BashArguments, {"command": 42}),
        "argument 'timeout': Input should be a valid number": (BashArguments, {"command": "ls", "timeout": True}),
        "argument 'view_range': List should have at least 2 items": (
            EditorArguments,
            {"command": "view", "path": "a.py", "view_range": [3]},
        ),
        "argument 'view_range.1': Input should be a valid integer": (
            EditorArguments,
            {"command": "view", "path": "a.py", "view_range": [3, "end"]},
        ),
        "create needs file_text": (EditorArguments, {"command": "create", "path": "a.py"}),
        "insert needs insert_line and new_str": (EditorArguments, {"command": "insert", "path": "a.py"}),
        "give either json or body, not both": (HttpArguments, {"path": "/", "json": {}, "body": "x"}),
        "argument 'headers.a': Input should be a valid string": (HttpArguments, {"path": "/", "headers": {"a": 1}}),
        "argument 'action': Input should be 'start', 'stop', 'status' or 'logs'": (ServerArguments, {"action": "go"}),
    }
    for expected, (model, arguments) in problems.items():
        with pytest.raises(ToolInputError) as caught:
            parse(model, arguments)
        assert expected in str(caught.value) and "\n" not in str(caught.value), expected
    given = parse(BashArguments, {"command": "ls", "timeout": 5, "unknown": 1, "other": None})
    assert given.command == "ls" and given.timeout == 5.0, "ints are numbers; unknown arguments are ignored"
    assert parse(BashArguments, {"command": "ls", "timeout": None}).timeout is None, "null counts as absent"
    sent = parse(HttpArguments, {"path": "/", "json": [1]})
    assert sent.json_ == [1] and "json_" in sent.model_fields_set


def test_the_model_gets_the_validation_error_as_its_correction(tmp_path: Path) -> None:
    workspace = tmp_path / "run" / "workspace"
    script = write_script(
        tmp_path / "s.jsonl",
        [
            turn(call("editor", {"command": "create", "path": "a.txt", "file_text": "one\ntwo\n"})),
            turn(call("editor", {"command": "view", "path": "a.txt", "view_range": [1, 2, 3]})),
            turn(call("editor", {"command": "view", "path": "a.txt", "view_range": [2, -1]})),
            turn(call("submit")),
        ],
    )
    plan = RunPlan(
        workspace=workspace, trajectory_path=tmp_path / "run" / "trajectory.json", result_path=None,
        task_prompt="view a file", language="python", task_info={"name": "unit"}, database="none",
    )  # fmt: skip
    assert run_agent(plan, ScriptedModel(script)).status == "submitted"
    steps = load_trajectory(plan.trajectory_path).steps
    corrected = steps[1].observations[0]
    assert corrected.is_error and "editor: argument 'view_range': List should have at most 2 items" in corrected.output
    assert steps[2].observations[0].output.endswith("     2\ttwo")
