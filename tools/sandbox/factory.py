"""Choosing a sandbox by short name (`local`, `docker`) or by dotted path (`my.module.MySandbox`)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from tools.sandbox.base import Sandbox

SANDBOX_CLASSES = {
    "local": "tools.sandbox.local.LocalSandbox",
    "docker": "tools.sandbox.docker_sandbox.DockerSandbox",
}


def sandbox_class(kind: str) -> type:
    """The class a short name or dotted path names; ValueError with the choices when there is none."""
    path = SANDBOX_CLASSES.get(kind, kind)
    module_name, _, class_name = path.rpartition(".")
    if not module_name:
        raise ValueError(f"unknown sandbox {kind!r}; choose {', '.join(SANDBOX_CLASSES)} or a dotted path")
    try:
        found = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot load sandbox class {path!r}: {exc}") from exc
    if not isinstance(found, type):
        raise ValueError(f"{path!r} is not a class")
    return found


def make_sandbox(kind: str, workspace: Path | str, **options: Any) -> Sandbox:
    """A ready sandbox for `workspace`; `options` go to the class's constructor."""
    sandbox: Sandbox = sandbox_class(kind)(Path(workspace), **options)
    return sandbox
