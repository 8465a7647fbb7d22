"""The app's Python: the workspace's request, then --python / $CAGENT_APP_PYTHON, then the newest 3.12,
then the harness's own with a note; and a 3.12-only app really installed, started and scored on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tools.apps import AppLimits
from tools.apps.box_view import app_box_view
from tools.apps.interpreter import (
    ENV_VARIABLE,
    Interpreter,
    InterpreterError,
    check_request,
    choose_python,
    installed,
    venv_home,
)

PROJECT = Path(__file__).resolve().parents[1]
FOUND = installed()
PY312 = next((i for i in FOUND if i.version[:2] == (3, 12)), None)
# CI provides a 3.12 (.ci/run); without one the tests that need it say so instead of passing quietly.
needs_312 = pytest.mark.skipif(PY312 is None, reason="no Python 3.12 installed (.ci/run installs one with uv)")
OTHER = next((i for i in FOUND if i.version[:2] != (3, 12)), None)
OWN = f"{sys.version_info.major}.{sys.version_info.minor}"


@pytest.fixture(autouse=True)
def _no_user_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VARIABLE, raising=False)


def _minor(interpreter: Interpreter | None) -> str:
    assert interpreter is not None
    return f"{interpreter.version[0]}.{interpreter.version[1]}"


# ---- the order of the rules --------------------------------------------------------------------------


@needs_312
def test_without_any_request_the_newest_312_is_chosen(tmp_path: Path) -> None:
    chosen = choose_python(tmp_path)
    assert chosen.source == "found" and chosen.version == PY312.text and chosen.notes == []  # type: ignore[union-attr]


@pytest.mark.skipif(OTHER is None, reason="needs a Python other than 3.12")
@pytest.mark.parametrize(
    ("name", "content", "source"),
    [
        (".python-version", "# pinned by pyenv\n{minor}\n", ".python-version"),
        ("pyproject.toml", '[project]\nname = "x"\nrequires-python = "=={minor}.*"\n', "requires-python"),
        ("runtime.txt", "python-{minor}\n", "runtime.txt"),
    ],
)
def test_the_workspace_names_its_python(tmp_path: Path, name: str, content: str, source: str) -> None:
    (tmp_path / name).write_text(content.format(minor=_minor(OTHER)))
    chosen = choose_python(tmp_path)
    assert chosen.source == source and chosen.version.startswith(_minor(OTHER) + ".")


@needs_312
def test_a_range_prefers_the_published_runtime(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nrequires-python = ">=3.8"\n')
    chosen = choose_python(tmp_path)
    assert (chosen.source, chosen.requested, chosen.version) == ("requires-python", ">=3.8", PY312.text)  # type: ignore[union-attr]


@pytest.mark.skipif(OTHER is None or PY312 is None, reason="needs 3.12 and another Python")
def test_the_workspace_wins_over_the_user_and_says_so(tmp_path: Path) -> None:
    (tmp_path / ".python-version").write_text("3.12\n")
    chosen = choose_python(tmp_path, _minor(OTHER))
    assert chosen.source == ".python-version" and chosen.version == PY312.text  # type: ignore[union-attr]
    assert chosen.notes == [f"--python {_minor(OTHER)} not used: the workspace asks for 3.12 (.python-version)"]


@pytest.mark.skipif(OTHER is None, reason="needs a Python other than 3.12")
def test_the_user_chooses_by_flag_then_by_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert choose_python(tmp_path, _minor(OTHER)).source == "--python"
    monkeypatch.setenv(ENV_VARIABLE, OTHER.path)  # type: ignore[union-attr]
    chosen = choose_python(tmp_path)
    assert (chosen.source, chosen.executable, chosen.version) == (ENV_VARIABLE, OTHER.path, OTHER.text)  # type: ignore[union-attr]


def test_a_workspace_request_nothing_satisfies_falls_through_with_a_note(tmp_path: Path) -> None:
    (tmp_path / ".python-version").write_text("3.99.1\n")
    chosen = choose_python(tmp_path, OWN)
    assert chosen.source == "--python" and chosen.version.startswith(OWN + ".")
    assert chosen.notes == [".python-version asks for Python 3.99.1: none is installed"]


def test_without_a_312_the_harness_python_is_used_with_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for variable in ("PATH", "PYENV_ROOT", "UV_PYTHON_INSTALL_DIR"):
        monkeypatch.setenv(variable, str(empty))
    chosen = choose_python(tmp_path)
    assert chosen.source == "harness" and chosen.version == ".".join(map(str, sys.version_info[:3]))
    assert chosen.notes and "no Python 3.12 found" in chosen.notes[0] and "not the published runtime" in chosen.notes[0]


@needs_312
def test_uv_managed_interpreters_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An interpreter known only through uv's folder: found, and the app's box is shown its installation."""
    managed = tmp_path / "uv-python" / "cpython-3.12.99-linux-x86_64-gnu" / "bin"
    managed.mkdir(parents=True)
    (managed / "python3").symlink_to(PY312.path)  # type: ignore[union-attr]
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("PYENV_ROOT", str(empty))
    monkeypatch.setenv("UV_PYTHON_INSTALL_DIR", str(tmp_path / "uv-python"))
    chosen = choose_python(tmp_path)
    assert chosen.source == "found" and chosen.executable == str(managed / "python3")
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text(f"home = {Path(PY312.path).parent}\nversion_info = 3.12\n")  # type: ignore[union-attr]
    view = app_box_view(tmp_path, {"VIRTUAL_ENV": str(venv)}, {})
    assert venv_home(venv) in view.readable


@pytest.mark.parametrize(
    ("requested", "fragment"),
    [
        ("/no/such/python", "not a runnable CPython interpreter"),
        ("snake", "expected a version such as 3.12, or a path"),
        ("3.99", "no such Python installed"),
    ],
)
def test_a_user_request_nothing_satisfies_is_bad_input(requested: str, fragment: str) -> None:
    with pytest.raises(InterpreterError, match=fragment):
        check_request(requested)


def test_cli_rejects_an_unknown_python_in_one_line(tmp_path: Path) -> None:
    entry = "import evals.cli_eval; from evals.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", entry, "eval", str(tmp_path), "--db", "none", "--python", "3.99"],
        capture_output=True, text=True, timeout=120, cwd=PROJECT, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--python 3.99: no such Python installed" in lines[0]


# ---- a 3.12-only app through the harness ------------------------------------------------------------

APP_312 = """
import http.server, json, os, sys


def first[T](items: list[T]) -> T:  # PEP 695: a SyntaxError before Python 3.12
    return items[0]


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        return None  # quiet: the test reads the responses, not the request log

    def do_GET(self):
        body = json.dumps({"python": first([sys.version.split()[0]])}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
"""


@needs_312
def test_a_312_only_app_is_installed_started_and_recorded(tmp_path: Path) -> None:
    workspace = tmp_path / "app"
    workspace.mkdir()
    (workspace / "app.py").write_text(APP_312)
    (workspace / "run.sh").write_text("exec python app.py\n")
    (workspace / "requirements.txt").write_text("")
    limits = AppLimits(startup_s=30.0, stop_grace_s=1.0)
    result = evaluate(workspace, [load_suite("postman-v1")], None, EvalOptions(limits=limits))
    assert result.install.ok and result.startup.ok, (result.install.log_tail, result.startup)
    assert result.install.python is not None and result.install.python.version == PY312.text  # type: ignore[union-attr]
    document = json.loads(result.model_dump_json(by_alias=True))
    assert document["install"]["python"]["source"] == "found"
    assert document["install"]["python"]["version"].startswith("3.12.")
