"""The `cagent` command line: the root command and the table of the agent's commands.

Commands are plain functions in their modules (`agent.commands.*`), loaded when they are run or listed;
the harness adds its own to the table in `evals.cli`, which is the console script's entry point.
"""

from __future__ import annotations

import signal
from collections.abc import Mapping

import typer

from agent.lazy_commands import lazy_group

# name -> "module:function", in the order `cagent --help` lists them.
COMMANDS: dict[str, str] = {
    "solve": "agent.commands.solve:solve_command",
    "run-task": "agent.commands.run_task:run_task_command",
    "show": "agent.commands.show:show_command",
    "plan": "agent.commands.plan:plan_command",
    "skeleton": "agent.commands.skeleton:skeleton_command",
    "verify": "agent.commands.verify:verify_command",
    "docs": "agent.commands.docs:docs_command",
}


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def _version(shown: bool) -> None:
    if shown:
        from agent.versions import cagent_version

        typer.echo(f"cagent {cagent_version() or 'unknown'}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_version, help="print the version"),
) -> None:
    """cagent: solve backend tasks under constraints, and score any backend on the Conduit suites."""
    # SIGTERM (timeout, docker stop, a harness giving up) takes the Ctrl-C path: records saved, all cleaned up.
    signal.signal(signal.SIGTERM, _interrupt)
    # Python keeps SIGINT ignored when its parent ignored it (nohup, `&` in a script, CI runners): Ctrl-C
    # and `kill -INT` must stop a run however it was started.
    signal.signal(signal.SIGINT, signal.default_int_handler)


def build_app(commands: Mapping[str, str]) -> typer.Typer:
    """The `cagent` application with `commands` (name -> "module:function")."""
    app = typer.Typer(
        name="cagent",
        help="A constraint-aware coding agent for backends, and the Conduit benchmark that measures it.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        cls=lazy_group(commands),
    )
    app.callback()(_root)
    return app


app = build_app(COMMANDS)
