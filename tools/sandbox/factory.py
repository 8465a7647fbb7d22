"""Choosing a sandbox by short name (`local`, `docker`) or dotted path (`my.module.MySandbox`), with options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tools.components import Registry, split_options
from tools.sandbox.base import Sandbox

SANDBOXES = Registry(
    "sandbox",
    {"local": "tools.sandbox.local.LocalSandbox", "docker": "tools.sandbox.docker_sandbox.DockerSandbox"},
)
SANDBOX_CLASSES = SANDBOXES.names


def sandbox_class(kind: str) -> type:
    """The class `kind` (`name,key=value,...`) names, its options checked; ComponentError (a ValueError) else."""
    name, written = split_options(kind)
    found = SANDBOXES.resolve(name)
    if not isinstance(found, type):
        raise ValueError(f"{name!r} is not a class")
    SANDBOXES.configure(name, found, written)
    return found


def make_sandbox(kind: str, workspace: Path | str, **options: Any) -> Sandbox:
    """A ready sandbox for `workspace`; `options` go to the class's constructor, checked by its config."""
    sandbox: Sandbox = SANDBOXES.build(kind, Path(workspace), options=options)
    return sandbox
