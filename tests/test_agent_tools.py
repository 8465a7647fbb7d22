"""The model's tools on real files, real processes and real HTTP."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interpreters import PYTHON
from tests.tiny_apps import write_app
from tools.agent_tools import (
    BashTool,
    EditorTool,
    HttpTool,
    SearchTool,
    ServerTool,
    SubmitTool,
    close_tools,
    default_tools,
)
from tools.base import ToolInputError, tool_schema
from tools.databases import DatabaseProvider
from tools.procs.ports import port_accepts
from tools.sandbox import LocalSandbox

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[LocalSandbox]:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    with LocalSandbox(workspace) as box:
        yield box


@pytest.fixture
def editor(sandbox: LocalSandbox) -> EditorTool:
    return EditorTool(sandbox)


# bash


def test_bash_reports_output_and_exit_code(sandbox: LocalSandbox) -> None:
    result = BashTool(sandbox).run({"command": "echo hello; exit 4"})
    assert result.is_error and result.output.startswith("hello\n[exit code 4,")
    assert BashTool(sandbox).run({"command": "true"}).output.startswith("(no output)\n[exit code 0,")


def test_bash_cuts_long_output_in_the_middle_with_a_note(sandbox: LocalSandbox) -> None:
    result = BashTool(sandbox).run({"command": f"{PYTHON} -c \"print('a' * 10000 + 'b' * 10000)\""})
    assert not result.is_error
    assert "[... 12001 characters cut ...]" in result.output
    assert result.output.startswith("a" * 4000 + "\n[...")
    assert ("b" * 3999 + "\n[exit code 0,") in result.output and "a" * 4001 not in result.output


def test_bash_timeout_says_so(sandbox: LocalSandbox) -> None:
    result = BashTool(sandbox).run({"command": "echo before; sleep 30", "timeout": 1})
    assert result.is_error and "before" in result.output and "timed out after 1 s" in result.output
    assert sandbox.pids() == []


def test_bash_refuses_interactive_programs_and_bad_arguments(sandbox: LocalSandbox) -> None:
    for command in ("vim app.py", "git log | less", "cd src && nano x"):
        result = BashTool(sandbox).run({"command": command})
        assert result.is_error and "interactive" in result.output
    assert not BashTool(sandbox).run({"command": "echo 'more or less'"}).is_error
    with pytest.raises(ToolInputError):
        BashTool(sandbox).run({"command": 42})
    with pytest.raises(ToolInputError):
        BashTool(sandbox).run({})


# editor


def test_editor_view_windows_long_files(editor: EditorTool, sandbox: LocalSandbox) -> None:
    sandbox.write_file("long.py", "".join(f"x_{n} = {n}\n" for n in range(1, 301)))
    first = editor.run({"command": "view", "path": "long.py"}).output
    assert first.startswith("long.py (lines 1-200 of 300):\n     1\tx_1 = 1")
    assert "   200\tx_200 = 200" in first and "x_201" not in first
    assert first.endswith("[lines 201-300 not shown: view them with view_range [201, 300]]")
    tail = editor.run({"command": "view", "path": "long.py", "view_range": [295, -1]}).output
    assert tail.splitlines()[1:] == [f"{n:6}\tx_{n} = {n}" for n in range(295, 301)]
    with pytest.raises(ToolInputError):
        editor.run({"command": "view", "path": "long.py", "view_range": [400, 410]})


def test_editor_view_lists_a_directory_two_levels_deep(editor: EditorTool, sandbox: LocalSandbox) -> None:
    for name in ("src/a/b/deep.py", "src/app.py", "node_modules/x/index.js", ".git/HEAD", "run.sh"):
        sandbox.write_file(name, "")
    listing = editor.run({"command": "view", "path": "."}).output.splitlines()
    assert listing[1:] == ["src/", "src/a/", "src/app.py", "run.sh"]


def test_editor_create_replace_insert_and_undo(editor: EditorTool, sandbox: LocalSandbox) -> None:
    path = sandbox.workspace / "app.py"
    created = editor.run({"command": "create", "path": "app.py", "file_text": "a = 1\nb = 2\na = 1\n"})
    assert created.output == "created app.py (3 lines)" and not created.is_error

    missing = editor.run({"command": "str_replace", "path": "app.py", "old_str": "c = 3", "new_str": "c = 4"})
    assert missing.is_error and "old_str was not found in app.py; nothing changed" in missing.output
    twice = editor.run({"command": "str_replace", "path": "app.py", "old_str": "a = 1", "new_str": "a = 5"})
    assert twice.is_error and "occurs 2 times in app.py (at lines 1, 3)" in twice.output
    assert path.read_text() == "a = 1\nb = 2\na = 1\n"

    once = editor.run({"command": "str_replace", "path": "app.py", "old_str": "b = 2", "new_str": "b = 3"})
    assert not once.is_error and "edited app.py" in once.output and "     2\tb = 3" in once.output
    inserted = editor.run({"command": "insert", "path": "app.py", "insert_line": 1, "new_str": "import os"})
    assert "inserted 1 line after line 1 of app.py" in inserted.output
    assert path.read_text() == "a = 1\nimport os\nb = 3\na = 1\n"

    assert "reverted" in editor.run({"command": "undo_edit", "path": "app.py"}).output
    assert path.read_text() == "a = 1\nb = 3\na = 1\n"
    editor.run({"command": "undo_edit", "path": "app.py"})
    assert path.read_text() == "a = 1\nb = 2\na = 1\n"
    assert "removed" in editor.run({"command": "undo_edit", "path": "app.py"}).output
    assert not path.exists()
    assert editor.run({"command": "undo_edit", "path": "app.py"}).is_error


def test_editor_flags_a_python_syntax_error_and_offers_undo(editor: EditorTool, sandbox: LocalSandbox) -> None:
    editor.run({"command": "create", "path": "svc.py", "file_text": "def f(x):\n    return x\n"})
    result = editor.run({"command": "str_replace", "path": "svc.py", "old_str": "def f(x):", "new_str": "def f(x:"})
    assert result.is_error
    assert "WARNING: the edit was saved but the file no longer parses" in result.output
    assert "SyntaxError" in result.output and "line 1" in result.output
    assert "undo_edit on svc.py" in result.output
    assert (sandbox.workspace / "svc.py").read_text().startswith("def f(x:")
    editor.run({"command": "undo_edit", "path": "svc.py"})
    assert (sandbox.workspace / "svc.py").read_text().startswith("def f(x):")


@needs_node
def test_editor_flags_javascript_syntax_errors(editor: EditorTool) -> None:
    good = editor.run({"command": "create", "path": "src/ok.js", "file_text": "const a = require('x');\n"})
    assert not good.is_error
    bad = editor.run({"command": "create", "path": "src/bad.js", "file_text": "const a = 1;\nfoo(;\n"})
    assert bad.is_error and "src/bad.js:2" in bad.output and "SyntaxError: Unexpected token ';'" in bad.output
    assert "    at " not in bad.output  # no stack trace of node's own
    esm = editor.run({"command": "create", "path": "src/bad.mjs", "file_text": "import x from 'y';\nfoo(;\n"})
    assert esm.is_error and "SyntaxError" in esm.output
    module = "import x from 'y';\nexport const z = x;\n"
    assert not editor.run({"command": "create", "path": "src/esm.js", "file_text": module}).is_error
    broken_module = editor.run({"command": "create", "path": "src/esm2.js", "file_text": "export const = 1;\n"})
    assert broken_module.is_error


def test_editor_flags_invalid_json(editor: EditorTool) -> None:
    result = editor.run({"command": "create", "path": "package.json", "file_text": '{"name": "x",}'})
    assert result.is_error and "invalid JSON" in result.output


def test_editor_refuses_paths_outside_the_workspace(editor: EditorTool, sandbox: LocalSandbox) -> None:
    (sandbox.workspace / "etc").symlink_to("/etc")
    for path in ("../escape.py", "/etc/passwd", "etc/passwd"):
        result = editor.run({"command": "create", "path": path, "file_text": "x"})
        assert result.is_error and "outside the workspace" in result.output
    assert not (sandbox.workspace.parent / "escape.py").exists()
    inside = str(sandbox.workspace / "inside.txt")
    assert not editor.run({"command": "create", "path": inside, "file_text": "ok"}).is_error


# search


def test_search_grep_with_include_and_skipped_folders(sandbox: LocalSandbox) -> None:
    sandbox.write_file("src/routes.py", "def login():\n    return token\n")
    sandbox.write_file("src/routes.js", "function login() {}\n")
    sandbox.write_file("node_modules/lib/login.py", "def login(): pass\n")
    search = SearchTool(sandbox)
    result = search.run({"command": "grep", "pattern": r"def \w+\(", "include": "*.py"})
    assert result.output.splitlines() == ["1 match for /def \\w+\\(/ in 1 file:", "src/routes.py:1: def login():"]
    assert "no matches" in search.run({"command": "grep", "pattern": "LOGIN"}).output
    assert "2 matches" in search.run({"command": "grep", "pattern": "LOGIN", "ignore_case": True}).output
    assert search.run({"command": "grep", "pattern": "("}).is_error
    assert search.run({"command": "glob", "pattern": "*.js"}).output.splitlines()[1:] == ["src/routes.js"]


def test_search_refuses_to_flood(sandbox: LocalSandbox) -> None:
    for index in range(3):
        sandbox.write_file(f"data/f{index}.txt", "needle\n" * 50)
    for index in range(60):
        sandbox.write_file(f"many/m{index}.py", "")
    search = SearchTool(sandbox)
    grep = search.run({"command": "grep", "pattern": "needle"})
    assert grep.is_error and grep.output.startswith("150 matches for /needle/ in 3 files: too many to show")
    assert "needle\n" not in grep.output and "data/f0.txt: 50" in grep.output
    narrowed = search.run({"command": "grep", "pattern": "needle", "path": "data/f1.txt"})
    assert narrowed.output.startswith("50 matches") and not narrowed.is_error
    files = search.run({"command": "glob", "pattern": "*.py"})
    assert files.is_error and "60 files match '*.py': too many to list" in files.output and "many/: 60" in files.output
    assert search.run({"command": "glob", "pattern": "many/m1?.py"}).output.startswith("10 files match")


# server and http


def test_server_starts_the_app_http_reaches_it_and_stop_leaves_nothing(
    sandbox: LocalSandbox, sqlite: DatabaseProvider
) -> None:
    write_app(sandbox.workspace, prelude="open('seen_url.txt', 'w').write(os.environ['DATABASE_URL'])")
    server = ServerTool(sandbox, sqlite)
    http = HttpTool(lambda: server.base_url)
    try:
        assert "no app is running" in http.run({"path": "/api/health-check"}).output
        started = server.run({"action": "start"})
        assert not started.is_error, started.output
        assert "answered GET /api/health-check with 200" in started.output and "database: sqlite" in started.output
        assert (sandbox.workspace / "seen_url.txt").read_text().startswith("sqlite:///")
        app = server._app
        assert app is not None and app.pids()

        response = http.run({"path": "/api/health-check"})
        assert not response.is_error
        assert response.output.startswith(f"GET {app.base_url}/api/health-check -> 200 OK (")
        assert "content-type: application/json" in response.output and '{"status": "ok"}' in response.output
        posted = http.run({"method": "POST", "path": f"{app.base_url}/api/x", "json": {"a": 1}})
        assert "501" in posted.output.splitlines()[0]  # the tiny app has no POST handler
        assert "running at" in server.run({"action": "status"}).output
        assert "listening" in server.run({"action": "logs"}).output

        restarted = server.run({"action": "start"})
        assert restarted.output.startswith("restarted") and not app.pids()
        app = server._app
        assert app is not None
        stopped = server.run({"action": "stop"})
        assert "stopped" in stopped.output and not app.pids() and not port_accepts(app.port)
        assert server.base_url is None
    finally:
        server.close()
    assert sandbox.pids() == []


def test_server_reports_a_start_up_failure_with_the_log(sandbox: LocalSandbox) -> None:
    write_app(sandbox.workspace, prelude="raise SystemExit('boom: no database driver')")
    server = ServerTool(sandbox)
    try:
        result = server.run({"action": "start"})
        assert result.is_error and "did not start (exited)" in result.output
        assert "boom: no database driver" in result.output
        assert "exited with code" in server.run({"action": "status"}).output
    finally:
        server.close()


def test_http_only_reaches_this_machine() -> None:
    http = HttpTool("http://127.0.0.1:9")
    for url in ("http://example.com/", "http://10.0.0.1/api", "https://8.8.8.8/"):
        result = http.run({"path": url})
        assert result.is_error and "refused" in result.output
    unreachable = http.run({"path": "/api/health-check", "timeout": 2})
    assert unreachable.is_error and "ConnectError" in unreachable.output
    with pytest.raises(ToolInputError):
        http.run({"path": "/", "method": "FETCH"})


# submit and registry


def test_submit_ends_the_run() -> None:
    result = SubmitTool().run({"summary": "built the API"})
    assert result.ends_run and result.output == "built the API"
    assert SubmitTool().run({}).output == "submitted"


def test_default_tools_and_schemas(sandbox: LocalSandbox) -> None:
    tools = default_tools(sandbox)
    assert [tool.name for tool in tools] == ["bash", "editor", "search", "server", "http", "submit"]
    for tool in tools:
        schema = tool_schema(tool)
        json.dumps(schema)
        assert schema["function"]["parameters"]["type"] == "object"
    close_tools(tools)
    assert [t.name for t in default_tools(sandbox, enabled={"bash", "submit"})] == ["bash", "submit"]
    with pytest.raises(ValueError, match="unknown tools: browser"):
        default_tools(sandbox, enabled={"bash", "browser"})
