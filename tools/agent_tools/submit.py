"""The `submit` tool: the model declares the task done, which ends the run."""

from __future__ import annotations

from typing import Any

from tools.agent_tools.arguments import string
from tools.base import ToolResult


class SubmitTool:
    name = "submit"
    description = (
        "Finish the task. Call it only when the work is complete and checked (the server starts and answers); "
        "give a short summary of what was built and anything left undone."
    )

    def parameters(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {"summary": {"type": "string", "description": "what was done, in a few sentences"}},
            "required": [],
        }

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        summary = string(arguments, "summary", "").strip()
        return ToolResult(output=summary or "submitted", ends_run=True)
