"""The `submit` tool: the model declares the task done, which ends the run."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.base import ToolResult


class SubmitArguments(ToolArguments):
    summary: str = Field("", description="what was done, in a few sentences")


class SubmitTool:
    name = "submit"
    description = (
        "Finish the task. Call it only when the work is complete and checked (the server starts and answers); "
        "give a short summary of what was built and anything left undone."
    )

    def parameters(self) -> dict[str, Any]:
        return schema_of(SubmitArguments)

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        summary = parse(SubmitArguments, arguments).summary.strip()
        return ToolResult(output=summary or "submitted", ends_run=True)
