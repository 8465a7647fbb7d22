"""The consoles every command prints to, and `fail`: one clear line on stderr and exit code 2.

A leaf (it imports no other cagent module), so that command modules, the command table in `agent.cli`
and the harness's commands can all use it without importing each other.
"""

from __future__ import annotations

import typer
from rich.console import Console

console = Console()
err_console = Console(stderr=True)

BAD_INPUT = 2


def fail(message: str) -> typer.Exit:
    """Print one clear line and return the exit for bad input (the caller raises it)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(BAD_INPUT)
