"""The tool protocol: what the model can call. Each tool has a JSON schema and a run method."""

from __future__ import annotations

from typing import Any, Protocol

from pydantic import BaseModel


class ToolResult(BaseModel):
    """What the model sees after a call (`output`), and whether the call ends the run (`submit`)."""

    output: str
    is_error: bool = False
    ends_run: bool = False


class ToolInputError(ValueError):
    """Arguments that do not fit the tool's schema; the loop shows the message to the model."""


class Tool(Protocol):
    name: str
    description: str

    def parameters(self) -> dict[str, Any]:
        """JSON schema of the arguments object."""
        ...

    def run(self, arguments: dict[str, Any]) -> ToolResult: ...


def tool_schema(tool: Tool) -> dict[str, Any]:
    """The OpenAI/litellm function schema of a tool."""
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": tool.parameters()},
    }
