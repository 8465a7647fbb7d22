"""Which Clean Architecture layer a file belongs to, and by which rule.

Two rules, first match wins:
1. the innermost directory naming a layer, synonyms included (`api/`, `handlers/`, `use_cases/`,
   `application/`, `entities/`, `domain/`, `persistence/`, `infrastructure/`...);
2. else the file's name: `user_repository.py`, `users.repository.ts`, `UserService.js`,
   `articles.controller.ts`, `models.py` (a feature-folder layout puts every layer in one folder, and
   `impl/` or `adapters/` name no layer). A directory wins because a layer's folder may hold helpers
   named like another layer (`services/views.py`: view models, not routes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import PurePosixPath

# Directory names per layer (the published verifier's lists, plus the usual synonyms).
LAYER_DIRS: dict[str, frozenset[str]] = {
    "routes": frozenset(
        {"routes", "route", "handlers", "handler", "routers", "router", "views", "controllers", "controller", "api",
         "endpoints", "presentation"}
    ),
    "services": frozenset(
        {"services", "service", "usecases", "use_cases", "use-cases", "usecase", "use_case", "application",
         "interactors"}
    ),
    "repositories": frozenset(
        {"repositories", "repository", "repos", "data_access", "dal", "dao", "data", "persistence", "infrastructure",
         "infra"}
    ),
    "models": frozenset({"models", "model", "entities", "entity", "domain"}),
}  # fmt: skip
# File-name endings per layer, matched on the stem after a separator (`_`, `.`, `-`) or as a CamelCase suffix.
_NAME_SUFFIXES: dict[str, tuple[str, ...]] = {
    "routes": ("routes", "route", "router", "controller", "handler", "handlers", "views", "endpoints", "resource"),
    "services": ("service", "services", "usecase", "use_case", "interactor"),
    "repositories": ("repository", "repositories", "repo", "dao"),
    "models": ("model", "models", "entity", "entities"),
}
# Whole file names that name a layer on their own (Django's views.py and models.py, a repository.py...).
_WHOLE_NAMES: dict[str, frozenset[str]] = {
    "routes": frozenset({"routes", "router", "views", "controllers", "handlers", "endpoints"}),
    "services": frozenset({"services", "service", "usecases", "use_cases"}),
    "repositories": frozenset({"repositories", "repository", "repos", "dao"}),
    "models": frozenset({"models", "entities"}),
}
# Lower ranks sit below higher ones; an import may only point to a lower rank.
RANK: dict[str, int] = {"models": 0, "repositories": 1, "services": 2, "routes": 3}
LAYERS = tuple(sorted(RANK, key=RANK.__getitem__, reverse=True))  # routes, services, repositories, models


@dataclass(frozen=True)
class Placement:
    layer: str
    rule: str  # "file name *_repository", "directory api/"


def _name_rule(stem: str) -> Placement | None:
    lowered = stem.lower()
    for layer, names in _WHOLE_NAMES.items():
        if lowered in names:
            return Placement(layer, f"file name {stem}")
    for layer, suffixes in _NAME_SUFFIXES.items():
        for suffix in suffixes:
            camel = "".join(part.capitalize() for part in suffix.split("_"))
            if re.search(rf"[_.\-]{re.escape(suffix)}$", lowered):
                separator = lowered[-len(suffix) - 1]
                return Placement(layer, f"file name *{separator}{suffix}")
            if stem.endswith(camel) and len(stem) > len(camel) and stem[-len(camel) - 1].islower():
                return Placement(layer, f"file name *{camel}")
    return None


@cache
def placement(rel: str) -> Placement | None:
    """The layer of a file and the rule that placed it (None outside every layer)."""
    path = PurePosixPath(rel)
    for part in reversed(path.parts[:-1]):
        for layer, names in LAYER_DIRS.items():
            if part.lower() in names:
                return Placement(layer, f"directory {part}/")
    # `users.repository.ts`: the part before the extension carries the role.
    inner = path.name[: -len(path.suffix)] if path.suffix else path.name
    return None if inner in ("__init__", "index", "__main__") else _name_rule(inner)


def layer_of(rel: str) -> str | None:
    """The layer of a file (None outside every layer)."""
    found = placement(rel)
    return found.layer if found else None


def directory_names(layer: str) -> str:
    return ", ".join(sorted(LAYER_DIRS[layer]))


def name_patterns(layer: str) -> str:
    return ", ".join(f"*_{suffix}" for suffix in _NAME_SUFFIXES[layer][:3])
