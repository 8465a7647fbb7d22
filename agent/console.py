"""The consoles every command prints to, and `fail`: one clear line on stderr and exit code 2.

A leaf (it imports no other cagent module), so that command modules, the command table in `agent.cli`
and the harness's commands can all use it without importing each other.
"""

from __future__ import annotations

import contextlib
import os
import sys

import typer
from rich.console import Console

# Outside a terminal (CI, nohup, a log file) rich would cut tables at 80 columns: COLUMNS, else a wide page.
LOG_WIDTH = 200


def _width() -> int | None:
    """None (rich measures the terminal, or reads COLUMNS) unless no standard stream is a terminal."""
    if os.environ.get("COLUMNS", "").isdigit():
        return None
    for stream in (sys.stdout, sys.stderr, sys.stdin):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream.isatty():
                return None
    return LOG_WIDTH


console = Console(width=_width())
err_console = Console(stderr=True)

BAD_INPUT = 2


def fail(message: str) -> typer.Exit:
    """Print one clear line and return the exit for bad input (the caller raises it)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(BAD_INPUT)
