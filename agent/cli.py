"""The `cagent` command line. Commands that belong to the harness are added by `evals.cli`."""

from __future__ import annotations

import signal

import typer
from rich.console import Console

app = typer.Typer(
    name="cagent",
    help="A constraint-aware coding agent for backends, and the Conduit benchmark that measures it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err_console = Console(stderr=True)

BAD_INPUT = 2


def fail(message: str) -> typer.Exit:
    """Print one clear line and return the exit for bad input (the caller raises it)."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(BAD_INPUT)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


@app.callback()
def _root() -> None:
    """cagent: solve backend tasks under constraints, and score any backend on the Conduit suites."""
    # SIGTERM (timeout, docker stop, a harness giving up) takes the Ctrl-C path: records saved, all cleaned up.
    signal.signal(signal.SIGTERM, _interrupt)
    # Python keeps SIGINT ignored when its parent ignored it (nohup, `&` in a script, CI runners): Ctrl-C
    # and `kill -INT` must stop a run however it was started.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _register_commands() -> None:
    """Import the command modules, which add themselves to `app`."""
    from agent.commands import run_task, show, solve  # noqa: F401


_register_commands()
