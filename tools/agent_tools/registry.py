"""The tools the model gets, by name (`bash`, `bash,default_timeout_s=30`), built around one sandbox."""

from __future__ import annotations

from collections.abc import Collection

from tools.base import Tool
from tools.components import Registry, split_options
from tools.databases import DatabaseProvider
from tools.sandbox.base import Sandbox

TOOLS = Registry(
    "tool",
    {
        "bash": "tools.agent_tools.bash.BashTool",
        "editor": "tools.agent_tools.editor.EditorTool",
        "search": "tools.agent_tools.search.SearchTool",
        "server": "tools.agent_tools.server.ServerTool",
        "http": "tools.agent_tools.http_request.HttpTool",
        "submit": "tools.agent_tools.submit.SubmitTool",
    },
)
TOOL_CLASSES = TOOLS.names


def default_tools(
    sandbox: Sandbox,
    *,
    database_provider: DatabaseProvider | None = None,
    enabled: Collection[str] | None = None,
) -> list[Tool]:
    """Every tool, or those named in `enabled` (with options); `http` talks to the app `server` started.

    Each constructor takes what it needs by parameter name: `sandbox`, `database_provider`, and `base_url`
    (asked at each request: the address of the app the server tool runs, when that tool is on).
    """
    specs = {name: name for name in TOOL_CLASSES} if enabled is None else {split_options(s)[0]: s for s in enabled}
    if unknown := set(specs) - set(TOOL_CLASSES):
        raise ValueError(f"unknown tools: {', '.join(sorted(unknown))}; choose from {', '.join(TOOL_CLASSES)}")
    built: dict[str, Tool] = {}

    def base_url() -> str | None:
        server = built.get("server")
        return getattr(server, "base_url", None)

    provided = {"sandbox": sandbox, "database_provider": database_provider, "base_url": base_url}
    for name in TOOL_CLASSES:
        if name in specs:
            built[name] = TOOLS.build(specs[name], provided=provided)
    return list(built.values())


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
