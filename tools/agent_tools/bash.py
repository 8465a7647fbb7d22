"""The `bash` tool: one shell command in the sandbox, its output cut to fit, its exit code reported."""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field

from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.agent_tools.text import cut_middle
from tools.base import ToolResult
from tools.sandbox.base import Sandbox

# Programs that wait for a terminal: in a sandbox without one they hang until the timeout.
_INTERACTIVE = re.compile(r"(?:^|[;&|(]\s*|\bsudo\s+)(vi|vim|nvim|nano|emacs|less|more|top|htop|man)(?=\s|$)")


class BashArguments(ToolArguments):
    command: str = Field(description="the bash command(s) to run")
    # Described with the tool's own default and cap (BashTool.parameters).
    timeout: float | None = Field(None, description="seconds before the command and all it started are killed")


class BashTool:
    name = "bash"
    description = (
        "Run a bash command in the workspace (a fresh shell each time: `cd` and `export` do not persist). "
        "Output is stdout and stderr together, cut in the middle when long. Nothing is interactive: use the "
        "editor tool instead of vim/nano, and redirect long-running servers' output to a file when you start "
        "them in the background (better: use the server tool)."
    )

    def __init__(
        self,
        sandbox: Sandbox,
        *,
        default_timeout_s: float = 120.0,
        max_timeout_s: float = 600.0,
        head_chars: int = 4000,
        tail_chars: int = 4000,
    ) -> None:
        self.sandbox = sandbox
        self.default_timeout_s = default_timeout_s
        self.max_timeout_s = max_timeout_s
        self.head_chars = head_chars
        self.tail_chars = tail_chars

    def parameters(self) -> dict[str, Any]:
        timeout = BashArguments.model_fields["timeout"].description
        limits = f"(default {self.default_timeout_s:.0f}, at most {self.max_timeout_s:.0f})"
        return schema_of(BashArguments, timeout=f"{timeout} {limits}")

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(BashArguments, arguments)
        command = given.command
        if not command.strip():
            return ToolResult(output="the command is empty", is_error=True)
        if found := _INTERACTIVE.search(command):
            program = found.group(1)
            return ToolResult(
                output=f"`{program}` is interactive and would hang without a terminal: use the editor tool to "
                "view or edit files, `cat`/`head`/`sed -n` to read, and `ps` for processes",
                is_error=True,
            )
        timeout = self.default_timeout_s if given.timeout is None else given.timeout
        timeout = min(max(timeout, 1.0), self.max_timeout_s)
        result = self.sandbox.run(command, timeout_s=timeout)
        output = cut_middle(result.output, self.head_chars, self.tail_chars).rstrip("\n")
        if result.timed_out:
            footer = (
                f"[timed out after {timeout:.0f} s: the command and everything it started were killed; "
                "run long work in the background with output to a file, or raise `timeout`]"
            )
        else:
            footer = f"[exit code {result.exit_code}, {result.seconds:.1f} s]"
        body = output if output.strip() else "(no output)"
        return ToolResult(output=f"{body}\n{footer}", is_error=result.timed_out or result.exit_code != 0)
