"""The reviewer's tools: read-only views of the workspace, and the structured report that ends its run.

`view` and `search` are the agent's own editor view and search, over a workspace that refuses writes
and commands; `report_findings` carries the reviewer's answer as typed data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.agent_tools.editor import EditorTool
from tools.base import ToolResult
from tools.sandbox.base import CommandResult


class ReadOnlyWorkspace:
    """A Sandbox over a workspace that reads files and does nothing else."""

    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace.resolve()

    def run(self, command: str, timeout_s: float = 120.0) -> CommandResult:
        return CommandResult(exit_code=1, output="the reviewer's workspace is read-only: no commands")

    def read_file(self, relative: str) -> str:
        return (self.workspace / relative).read_text(encoding="utf-8", errors="replace")

    def write_file(self, relative: str, text: str) -> None:
        raise PermissionError("the reviewer's workspace is read-only")

    def close(self) -> None:
        return None


class ViewArguments(ToolArguments):
    path: str = Field(description="file or directory, relative to the workspace")
    view_range: Annotated[list[int], Field(min_length=2, max_length=2)] | None = Field(
        None, description="[first_line, last_line], 1-based, last_line -1 for the end"
    )


class ViewTool:
    """The editor's `view` and nothing else."""

    name = "view"
    description = (
        "Show a file with line numbers (a window of lines; use view_range for more) or a directory two levels "
        "deep. Paths are relative to the workspace."
    )

    def __init__(self, sandbox: ReadOnlyWorkspace) -> None:
        self._editor = EditorTool(sandbox)  # type: ignore[arg-type]

    def parameters(self) -> dict[str, Any]:
        return schema_of(ViewArguments)

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(ViewArguments, arguments)
        return self._editor.run({"command": "view", "path": given.path, "view_range": given.view_range})


class ReviewFinding(BaseModel):
    file: str = Field("", description="the file, relative to the workspace")
    line: int = Field(0, description="the line the defect is on (0 if it concerns the whole file)")
    reason: str = Field("", description="what is wrong and why, in one or two sentences")
    evidence: str = Field("", description="the offending code, quoted")


class ReportArguments(ToolArguments):
    # Models write a line number as "12" as often as 12: coerced rather than refused.
    model_config = ConfigDict(strict=False, extra="ignore", frozen=True)

    findings: list[ReviewFinding] = Field(description="every defect found; an empty list when there is none")


class ReportTool:
    name = "report_findings"
    description = (
        "Finish the review with its findings: each names the file (and line) and the reason. Call it once, at "
        "the end; findings without a file or a reason are dropped."
    )

    def __init__(self) -> None:
        self.reported: list[ReviewFinding] | None = None

    def parameters(self) -> dict[str, Any]:
        schema = schema_of(ReportArguments)
        item = ReviewFinding.model_json_schema()
        properties = {name: {k: v for k, v in prop.items() if k not in ("title", "default")}
                      for name, prop in item["properties"].items()}  # fmt: skip
        item_schema = {"type": "object", "properties": properties, "required": ["file", "reason"]}
        schema["properties"]["findings"] = {**schema["properties"]["findings"], "items": item_schema}
        return schema

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(ReportArguments, arguments)
        self.reported = list(given.findings)
        return ToolResult(output=f"{len(self.reported)} findings reported", ends_run=True)
