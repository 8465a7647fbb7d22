"""Declared dependencies: requirements*.txt and pyproject.toml for Python, package.json for Node."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import PurePosixPath

from planners.compliance.workspace import Workspace

_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


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
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
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
    poetry = data.get("tool", {}).get("poetry", {})
    specs += [(name, False) for name in poetry.get("dependencies", {}) if name != "python"]
    found = []
    for spec, dev in specs:
        match = _REQUIREMENT_NAME.match(spec) if isinstance(spec, str) else None
        if match:
            found.append(Dependency(normalise_python(match.group(1)), rel, _line_of(text, match.group(1)), dev))
    return found


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
    for rel, text in sorted(workspace.others.items()):
        name = PurePosixPath(rel).name.lower()
        if language == "python" and name.startswith("requirements") and name.endswith(".txt"):
            found += _requirements(rel, text)
        elif language == "python" and name == "pyproject.toml":
            found += _pyproject(rel, text)
        elif language == "node" and name == "package.json":
            found += _package_json(rel, text)
    return found


def declared(deps: list[Dependency], names: frozenset[str] | set[str]) -> list[Dependency]:
    """The dependencies whose (normalised) name is one of `names`."""
    return [dep for dep in deps if dep.name in names]
