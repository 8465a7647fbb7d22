"""The tools the model gets: a name -> class map, and the default set built around one sandbox."""

from __future__ import annotations

from tools.agent_tools.bash import BashTool
from tools.agent_tools.editor import EditorTool
from tools.agent_tools.http_request import HttpTool
from tools.agent_tools.search import SearchTool
from tools.agent_tools.server import ServerTool
from tools.agent_tools.submit import SubmitTool
from tools.base import Tool
from tools.databases import DatabaseProvider
from tools.sandbox.base import Sandbox

TOOL_CLASSES: dict[str, type] = {
    "bash": BashTool,
    "editor": EditorTool,
    "search": SearchTool,
    "server": ServerTool,
    "http": HttpTool,
    "submit": SubmitTool,
}


def default_tools(
    sandbox: Sandbox,
    *,
    database_provider: DatabaseProvider | None = None,
    enabled: set[str] | None = None,
) -> list[Tool]:
    """Every tool, or those named in `enabled`; `http` talks to the app `server` started when both are on."""
    names = set(TOOL_CLASSES) if enabled is None else set(enabled)
    if unknown := names - set(TOOL_CLASSES):
        raise ValueError(f"unknown tools: {', '.join(sorted(unknown))}; choose from {', '.join(TOOL_CLASSES)}")
    server = ServerTool(sandbox, database_provider) if "server" in names else None
    built: dict[str, Tool] = {
        "bash": BashTool(sandbox),
        "editor": EditorTool(sandbox),
        "search": SearchTool(sandbox),
        "http": HttpTool(lambda: server.base_url if server is not None else None),
        "submit": SubmitTool(),
    }
    if server is not None:
        built["server"] = server
    return [built[name] for name in TOOL_CLASSES if name in names]


def close_tools(tools: list[Tool]) -> None:
    """Release what tools hold (the server tool's app and database); one failure does not stop the others."""
    failures: list[Exception] = []
    for tool in tools:
        close = getattr(tool, "close", None)
        if callable(close):
            try:
                close()
            except Exception as exc:
                failures.append(exc)
    if failures:
        raise failures[0]
