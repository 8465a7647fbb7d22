"""The tools the model calls: bash, editor, search, http, server and submit, each over one sandbox."""

from tools.agent_tools.bash import BashTool
from tools.agent_tools.editor import EditorTool
from tools.agent_tools.http_request import HttpTool
from tools.agent_tools.registry import TOOL_CLASSES, close_tools, default_tools
from tools.agent_tools.search import SearchTool
from tools.agent_tools.server import ServerTool
from tools.agent_tools.submit import SubmitTool

__all__ = [
    "TOOL_CLASSES",
    "BashTool",
    "EditorTool",
    "HttpTool",
    "SearchTool",
    "ServerTool",
    "SubmitTool",
    "close_tools",
    "default_tools",
]
