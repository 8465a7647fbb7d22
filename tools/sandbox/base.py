"""The sandbox protocol: where generated code and the model's commands run."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from pydantic import BaseModel


class CommandResult(BaseModel):
    exit_code: int | None  # None when killed on timeout
    output: str  # stdout and stderr, interleaved as they came
    timed_out: bool = False
    seconds: float = 0.0


class Sandbox(Protocol):
    """Runs commands and long-lived processes for one workspace, and cleans up all it started."""

    workspace: Path  # the workspace as seen from the host (files are read and written through it)

    def run(self, command: str, timeout_s: float = 120.0) -> CommandResult:
        """Run a shell command in the workspace; kill its whole process group on timeout."""
        ...

    def read_file(self, relative: str) -> str: ...

    def write_file(self, relative: str, text: str) -> None: ...

    def close(self) -> None:
        """Stop every process the sandbox started; idempotent."""
        ...
