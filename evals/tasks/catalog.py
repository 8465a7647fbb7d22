"""All tasks (the project's, plus those imported), and selecting some by level, framework, constraint, kind.

Imported tasks are kept, one JSON document each, in $CAGENT_TASKS_DIR (default ~/.local/share/cagent/tasks);
an imported task with the name of a built-in one replaces it.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from evals.tasks.feature import feature_tasks
from evals.tasks.greenfield import greenfield_tasks
from evals.tasks.model import CONSTRAINT_TOKENS, BenchTask

SELECTOR_KEYS = ("name", "kind", "level", "framework", "constraint")


class SelectorError(ValueError):
    """A task selection that cannot be understood (one line)."""


def imported_dir() -> Path:
    return Path(os.environ.get("CAGENT_TASKS_DIR") or Path.home() / ".local" / "share" / "cagent" / "tasks")


def imported_tasks(folder: Path | None = None) -> list[BenchTask]:
    root = folder or imported_dir()
    tasks = []
    for path in sorted(root.glob("*.json")) if root.is_dir() else []:
        try:
            tasks.append(BenchTask.model_validate(json.loads(path.read_text(encoding="utf-8"))))
        except (OSError, ValueError, ValidationError):
            continue  # a damaged file is skipped, never fatal for the others
    return tasks


def all_tasks() -> list[BenchTask]:
    by_name = {task.name: task for task in (*greenfield_tasks(), *feature_tasks())}
    by_name.update({task.name: task for task in imported_tasks()})
    return list(by_name.values())


def find_task(name: str) -> BenchTask | None:
    return next((task for task in all_tasks() if task.name == name), None)


def parse_selector(text: str) -> dict[str, list[str]]:
    """`level=3 framework=flask,express` -> {"level": ["3"], "framework": ["flask", "express"]}."""
    wanted: dict[str, list[str]] = {}
    for part in text.split():
        key, sep, value = part.partition("=")
        if not sep or not value:
            keys = ", ".join(SELECTOR_KEYS)
            raise SelectorError(f"task selector {part!r}: write KEY=VALUE[,VALUE] with KEY in {keys}")
        if key not in SELECTOR_KEYS:
            raise SelectorError(f"task selector {part!r}: unknown key {key!r}; choose {', '.join(SELECTOR_KEYS)}")
        wanted.setdefault(key, []).extend(v.strip().lower() for v in value.split(",") if v.strip())
    return wanted


def _check(wanted: dict[str, list[str]]) -> None:
    for level in wanted.get("level", []):
        if level not in ("0", "1", "2", "3"):
            raise SelectorError(f"level {level!r}: choose 0, 1, 2 or 3")
    for kind in wanted.get("kind", []):
        if kind not in ("greenfield", "feature"):
            raise SelectorError(f"kind {kind!r}: choose greenfield or feature")
    for constraint in wanted.get("constraint", []):
        if constraint not in (*CONSTRAINT_TOKENS, "postgresql", "clean", "orm", "none"):
            raise SelectorError(f"constraint {constraint!r}: choose {', '.join(CONSTRAINT_TOKENS)}, orm or none")


def _has(task: BenchTask, constraint: str) -> bool:
    names = task.constraint_names
    if constraint == "none":
        return not names
    if constraint == "orm":
        return task.constraints.orm != "none"
    return {"postgresql": "postgres", "clean": "clean_architecture"}.get(constraint, constraint) in names


def _matches(task: BenchTask, wanted: dict[str, list[str]]) -> bool:
    checks = {
        "name": lambda v: fnmatch.fnmatch(task.name, v),
        "kind": lambda v: task.kind == v,
        "level": lambda v: str(task.level) == v,
        "framework": lambda v: task.framework == v,
    }
    for key, values in wanted.items():
        if key == "constraint":
            if not all(_has(task, value) for value in values):  # every named constraint must be there
                return False
        elif not any(checks[key](value) for value in values):
            return False
    return True


def select_tasks(
    selector: str | dict[str, list[str]] = "", tasks: Iterable[BenchTask] | None = None
) -> list[BenchTask]:
    """The tasks matching every key of `selector` (any of a key's values; all of the constraints)."""
    wanted = parse_selector(selector) if isinstance(selector, str) else selector
    _check(wanted)
    return [task for task in (all_tasks() if tasks is None else tasks) if _matches(task, wanted)]
