"""Which Python an app's virtualenv is built with.

The published benchmark runs every Python app on 3.12, whatever interpreter the harness itself runs
on. The choice, first match wins:
1. what the workspace asks for: `.python-version`, `requires-python` in pyproject.toml, `runtime.txt`;
2. what the user asks for: `--python` (a version such as `3.12`, or a path), else `$CAGENT_APP_PYTHON`;
3. the newest 3.12.x found (PATH, pyenv's versions, uv-managed interpreters);
4. the harness's own interpreter, with a note saying so.
A workspace request that nothing installed satisfies falls through to the next rule, with a note; a
user's request that nothing satisfies is an error (bad input).
"""

from __future__ import annotations

import configparser
import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from pydantic import BaseModel

PUBLISHED = (3, 12)
ENV_VARIABLE = "CAGENT_APP_PYTHON"
_VERSION = re.compile(r"(\d+)\.(\d+)(?:\.(\d+))?")
_NAME = re.compile(r"^python3(?:\.(\d+))?$")
_PROBE = "import sys, platform; print(platform.python_implementation(), *sys.version_info[:3])"


class InterpreterError(ValueError):
    """A user's explicit request names no usable interpreter (bad input, one line)."""


class AppPython(BaseModel):
    """The interpreter an app's virtualenv was built with, and why that one."""

    executable: str
    version: str  # "3.12.1"
    # .python-version, requires-python, runtime.txt, --python, CAGENT_APP_PYTHON, found (newest 3.12), harness
    source: str
    requested: str | None = None  # the request as written (">=3.12", "3.12"), when there was one
    notes: list[str] = []


@dataclass(frozen=True)
class Interpreter:
    path: str
    version: tuple[int, int, int]

    @property
    def text(self) -> str:
        return ".".join(map(str, self.version))


@dataclass(frozen=True)
class Request:
    """What a workspace or a user asks for: a version prefix ("3.12"), a specifier (">=3.11"), or a path."""

    written: str
    source: str

    def path(self) -> Path | None:
        return Path(self.written).expanduser() if "/" in self.written else None

    def accepts(self, version: tuple[int, int, int]) -> bool:
        text = self.written.strip()
        if text.startswith(("<", ">", "=", "~", "!")):
            try:
                return Version(".".join(map(str, version))) in SpecifierSet(text)
            except (InvalidSpecifier, InvalidVersion):
                return False
        match = _VERSION.search(text)
        if match is None:
            return False
        wanted = tuple(int(part) for part in match.groups() if part is not None)
        return version[: len(wanted)] == wanted


# ---- what the workspace asks for ---------------------------------------------------------------------


def workspace_request(workspace: Path) -> Request | None:
    """The workspace's own statement of its Python, from the files the usual tools read."""
    pinned = workspace / ".python-version"
    if pinned.is_file():
        for line in pinned.read_text(errors="replace").splitlines():
            line = line.split("#", 1)[0].strip()
            if line and _VERSION.search(line):
                return Request(line, ".python-version")
    pyproject = workspace / "pyproject.toml"
    if pyproject.is_file():
        try:
            spec = tomllib.loads(pyproject.read_text(errors="replace")).get("project", {}).get("requires-python")
        except tomllib.TOMLDecodeError:
            spec = None
        if isinstance(spec, str) and spec.strip():
            return Request(spec.strip(), "requires-python")
    runtime = workspace / "runtime.txt"
    if runtime.is_file():
        text = runtime.read_text(errors="replace").strip()
        if _VERSION.search(text):
            return Request(text.removeprefix("python-"), "runtime.txt")
    return None


# ---- what is installed -------------------------------------------------------------------------------


@cache
def probe(path: str) -> Interpreter | None:
    """Run a candidate once to learn its version (CPython only; None when it does not run)."""
    try:
        done = subprocess.run([path, "-c", _PROBE], capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    words = done.stdout.split()
    if done.returncode != 0 or len(words) != 4 or words[0] != "CPython":
        return None
    return Interpreter(path, (int(words[1]), int(words[2]), int(words[3])))


def _uv_python_dir() -> Path:
    if os.environ.get("UV_PYTHON_INSTALL_DIR"):
        return Path(os.environ["UV_PYTHON_INSTALL_DIR"])
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data / "uv" / "python"


def _managed(root: Path, pattern: str) -> list[Path]:
    """Interpreters of a version manager's folder, one per installed version (virtualenvs left out)."""
    found = []
    for folder in sorted(root.glob(pattern)) if root.is_dir() else []:
        if folder.is_symlink() or (folder / "pyvenv.cfg").exists():
            continue
        found += [candidate for candidate in (folder / "bin" / "python3",) if candidate.exists()]
    return found


def candidates() -> list[Path]:
    """Every CPython 3 executable worth probing: PATH (not pyenv's shims), pyenv's versions, uv's."""
    found: list[Path] = []
    for entry in os.environ.get("PATH", "").split(os.pathsep):
        if not entry or "shims" in Path(entry).parts or not os.path.isdir(entry):
            continue
        found += [Path(entry) / name for name in sorted(os.listdir(entry)) if _NAME.match(name)]
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found += _managed(pyenv / "versions", "[0-9]*")
    found += _managed(_uv_python_dir(), "cpython-3*")
    unique: dict[str, Path] = {}
    for path in found:
        if os.access(path, os.X_OK):
            unique.setdefault(os.path.realpath(path), path)
    return list(unique.values())


def installed() -> list[Interpreter]:
    """Every interpreter found, newest first."""
    found = [interpreter for path in candidates() if (interpreter := probe(str(path))) is not None]
    return sorted(found, key=lambda interpreter: interpreter.version, reverse=True)


def _best(request: Request, found: list[Interpreter]) -> Interpreter | None:
    """The published runtime when it satisfies the request, else the newest that does."""
    matching = [interpreter for interpreter in found if request.accepts(interpreter.version)]
    published = [interpreter for interpreter in matching if interpreter.version[:2] == PUBLISHED]
    return (published or matching or [None])[0]


def harness() -> Interpreter:
    executable = getattr(sys, "_base_executable", sys.executable)
    return Interpreter(executable, tuple(sys.version_info[:3]))  # type: ignore[arg-type]


# ---- the choice -----------------------------------------------------------------------------------------


def user_request(requested: str | None) -> Request | None:
    if requested:
        return Request(requested, "--python")
    from_env = os.environ.get(ENV_VARIABLE, "").strip()
    return Request(from_env, ENV_VARIABLE) if from_env else None


def check_request(requested: str | None) -> None:
    """Raise InterpreterError when the user's request (--python, $CAGENT_APP_PYTHON) names no installed
    CPython: a path that does not run, a version nothing installed has, or neither (bad input)."""
    request = user_request(requested)
    if request is None:
        return
    path = request.path()
    if path is not None:
        if probe(str(path)) is None:
            raise InterpreterError(f"{request.source} {request.written}: not a runnable CPython interpreter")
        return
    if not _VERSION.search(request.written):
        raise InterpreterError(f"{request.source} {request.written!r}: expected a version such as 3.12, or a path")
    if _best(request, installed()) is None:
        versions = ", ".join(interpreter.text for interpreter in installed()) or "none"
        raise InterpreterError(f"{request.source} {request.written}: no such Python installed (found: {versions})")


def choose_python(workspace: Path, requested: str | None = None) -> AppPython:
    """The interpreter to build `workspace`'s virtualenv with (see the module docstring for the order)."""
    check_request(requested)
    notes: list[str] = []
    found: list[Interpreter] | None = None
    for request in (workspace_request(workspace), user_request(requested)):
        if request is None:
            continue
        path = request.path()
        if path is not None:
            chosen = probe(str(path))
        else:
            found = installed() if found is None else found
            chosen = _best(request, found)
        if chosen is not None:
            notes += _overridden(request, requested)
            return AppPython(
                executable=chosen.path, version=chosen.text, source=request.source, requested=request.written,
                notes=notes,
            )  # fmt: skip
        notes.append(f"{request.source} asks for Python {request.written}: none is installed")
    found = installed() if found is None else found
    published = [interpreter for interpreter in found if interpreter.version[:2] == PUBLISHED]
    if published:
        chosen = published[0]
        return AppPython(executable=chosen.path, version=chosen.text, source="found", notes=notes)
    own = harness()
    notes.append(
        f"no Python {PUBLISHED[0]}.{PUBLISHED[1]} found (PATH, pyenv, uv); the app runs on the harness's "
        f"Python {own.text}, not the published runtime"
    )
    return AppPython(executable=own.path, version=own.text, source="harness", notes=notes)


def _overridden(request: Request, requested: str | None) -> list[str]:
    """A workspace's own request wins over the user's; say so when both were given."""
    user = user_request(requested)
    if user is None or request.source in ("--python", ENV_VARIABLE):
        return []
    return [f"{user.source} {user.written} not used: the workspace asks for {request.written} ({request.source})"]


def venv_home(venv: Path) -> Path | None:
    """The installation a virtualenv was made from (its pyvenv.cfg `home` is that installation's bin)."""
    config = venv / "pyvenv.cfg"
    if not config.is_file():
        return None
    parser = configparser.ConfigParser()
    try:
        parser.read_string("[venv]\n" + config.read_text(errors="replace"))
    except configparser.Error:
        return None
    home = parser.get("venv", "home", fallback="").strip()
    return Path(os.path.realpath(home)).parent if home else None
