"""Tool-call arguments sent to the provider: valid objects unchanged, anything else repaired or emptied."""

from __future__ import annotations

import json

from agent.sent_arguments import sendable_arguments


def test_valid_objects_pass_unchanged_and_other_json_becomes_an_empty_object() -> None:
    assert sendable_arguments('{"b": 1,  "a": "ü"}') == '{"b": 1,  "a": "ü"}'
    assert json.loads(sendable_arguments("[1, 2]")) == {}
    assert json.loads(sendable_arguments("")) == {}
    assert json.loads(sendable_arguments("{'path': 'a.py', 'command': 'view',}")) == {"path": "a.py", "command": "view"}
