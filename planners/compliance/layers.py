"""Which Clean Architecture layer a file belongs to, by the names of the directories that hold it."""

from __future__ import annotations

from pathlib import PurePosixPath

# Directory names per layer (the published verifier's lists, plus `controllers` for routes).
LAYER_DIRS: dict[str, frozenset[str]] = {
    "routes": frozenset({"routes", "handlers", "route", "handler", "routers", "views", "controllers"}),
    "services": frozenset({"services", "service", "usecases", "use_cases"}),
    "repositories": frozenset({"repositories", "repository", "repos", "data_access", "dal", "dao"}),
    "models": frozenset({"models", "model", "entities", "entity", "domain"}),
}
# Lower ranks sit below higher ones; an import may only point to a lower rank.
RANK: dict[str, int] = {"models": 0, "repositories": 1, "services": 2, "routes": 3}
LAYERS = tuple(sorted(RANK, key=RANK.__getitem__, reverse=True))  # routes, services, repositories, models


def layer_of(rel: str) -> str | None:
    """The layer of a file: the innermost directory component naming one (None outside every layer)."""
    for part in reversed(PurePosixPath(rel).parts[:-1]):
        for layer, names in LAYER_DIRS.items():
            if part.lower() in names:
                return layer
    return None


def directory_names(layer: str) -> str:
    return ", ".join(sorted(LAYER_DIRS[layer]))
