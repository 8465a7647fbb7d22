"""Declared dependencies: requirements files (with the files they include through `-r`), Pipfile,
pyproject.toml (PEP 621, dependency groups, Poetry, PDM, uv) and setup.cfg for Python; package.json for Node.
"""

from __future__ import annotations

import json
import posixpath
import re
import tomllib
from dataclasses import dataclass
from pathlib import PurePosixPath

from planners.compliance.workspace import Workspace

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_INCLUDE = re.compile(r"^(?:-r|-c|--requirement|--constraint)(?:\s+|=)(\S+)")
_MAX_INCLUDED = 1_000_000


@dataclass(frozen=True)
class Dependency:
    name: str  # normalised: Python names per PEP 503, npm names as written
    file: str
    line: int
    dev: bool = False


def normalise_python(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle` (0 when absent)."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0


def _requirements(rel: str, text: str) -> list[Dependency]:
    found = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith(("-", "#")):
            continue
        match = _REQUIREMENT_NAME.match(line)
        if match:
            found.append(Dependency(normalise_python(match.group(1)), rel, number))
    return found


def _pyproject(rel: str, text: str) -> list[Dependency]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    specs: list[tuple[str, bool]] = []
    project = data.get("project", {})
    specs += [(spec, False) for spec in project.get("dependencies", [])]
    for group in project.get("optional-dependencies", {}).values():
        specs += [(spec, True) for spec in group]
    for group in data.get("dependency-groups", {}).values():  # PEP 735
        specs += [(spec, True) for spec in group if isinstance(spec, str)]
    tool = data.get("tool", {})
    poetry = tool.get("poetry", {})
    specs += [(name, False) for name in poetry.get("dependencies", {}) if name != "python"]
    for group in poetry.get("group", {}).values():
        specs += [(name, True) for name in group.get("dependencies", {}) if name != "python"]
    specs += [(name, True) for name in poetry.get("dev-dependencies", {})]
    for group in tool.get("pdm", {}).get("dev-dependencies", {}).values():
        specs += [(spec, True) for spec in group]
    specs += [(spec, True) for spec in tool.get("uv", {}).get("dev-dependencies", [])]
    found = []
    for spec, dev in specs:
        match = _REQUIREMENT_NAME.match(spec) if isinstance(spec, str) else None
        if match:
            found.append(Dependency(normalise_python(match.group(1)), rel, _line_of(text, match.group(1)), dev))
    return found


def _pipfile(rel: str, text: str) -> list[Dependency]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return []
    found = []
    for section, dev in (("packages", False), ("dev-packages", True)):
        for name in data.get(section, {}):
            found.append(Dependency(normalise_python(name), rel, _line_of(text, name), dev))
    return found


def _setup_cfg(rel: str, text: str) -> list[Dependency]:
    """`install_requires =` under [options]: one requirement per indented line."""
    found, inside = [], False
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.strip().startswith("install_requires"):
            inside = True
            raw = raw.split("=", 1)[1]
        elif inside and raw and not raw[0].isspace():
            inside = False
        match = _REQUIREMENT_NAME.match(raw.strip()) if inside else None
        if match:
            found.append(Dependency(normalise_python(match.group(1)), rel, number))
    return found


def _included(rel: str, text: str, workspace: Workspace) -> list[str]:
    """Files a requirements file includes (`-r other.txt`, `--requirement=x`, `-c constraints.txt`)."""
    found = []
    for raw in text.splitlines():
        match = _INCLUDE.match(raw.strip())
        if match:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), match.group(1)))
            if not target.startswith("..") and (target in workspace.others or (workspace.root / target).is_file()):
                found.append(target)
    return found


def _requirement_files(workspace: Workspace) -> list[str]:
    """requirements*.txt / *.in at any depth, and everything they include, each once."""
    roots = [rel for rel in sorted(workspace.others) if _is_requirements(PurePosixPath(rel))]
    seen: list[str] = []
    while roots:
        rel = roots.pop(0)
        if rel in seen:
            continue
        seen.append(rel)
        roots += _included(rel, _text(workspace, rel), workspace)
    return seen


def _is_requirements(path: PurePosixPath) -> bool:
    name = path.name.lower()
    return name.startswith("requirements") and name.endswith((".txt", ".in"))


def _text(workspace: Workspace, rel: str) -> str:
    if rel in workspace.others:
        return workspace.others[rel]
    try:
        return (workspace.root / rel).read_text(encoding="utf-8", errors="replace")[:_MAX_INCLUDED]
    except OSError:
        return ""


def _package_json(rel: str, text: str) -> list[Dependency]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return []
    if not isinstance(data, dict):
        return []
    found = []
    for section, dev in (("dependencies", False), ("devDependencies", True), ("optionalDependencies", False)):
        block = data.get(section)
        if isinstance(block, dict):
            found += [Dependency(name, rel, _line_of(text, f'"{name}"'), dev) for name in block]
    return found


def dependencies(workspace: Workspace, language: str) -> list[Dependency]:
    """Every dependency the task's manifests declare, with where it is declared."""
    found: list[Dependency] = []
    if language == "python":
        for rel in _requirement_files(workspace):
            found += _requirements(rel, _text(workspace, rel))
    readers = {"pyproject.toml": _pyproject, "pipfile": _pipfile, "setup.cfg": _setup_cfg}
    for rel, text in sorted(workspace.others.items()):
        name = PurePosixPath(rel).name.lower()
        if language == "python" and name in readers:
            found += readers[name](rel, text)
        elif language == "node" and name == "package.json":
            found += _package_json(rel, text)
    return found


def declared(deps: list[Dependency], names: frozenset[str] | set[str]) -> list[Dependency]:
    """The dependencies whose (normalised) name is one of `names`."""
    return [dep for dep in deps if dep.name in names]
