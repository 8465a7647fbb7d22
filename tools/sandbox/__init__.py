"""Where the model's commands run: on this machine (`local`) or in a Docker container (`docker`)."""

from tools.sandbox.base import CommandResult, Sandbox
from tools.sandbox.factory import SANDBOX_CLASSES, make_sandbox
from tools.sandbox.local import LocalSandbox
from tools.sandbox.paths import PathOutsideWorkspace, resolve_inside

__all__ = [
    "SANDBOX_CLASSES",
    "CommandResult",
    "LocalSandbox",
    "PathOutsideWorkspace",
    "Sandbox",
    "make_sandbox",
    "resolve_inside",
]
