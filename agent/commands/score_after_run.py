"""`cagent solve --eval`: score the run's workspace when the run ends, with the harness's `eval` command.

The agent never imports the evaluation harness (it must not see the suites). The console script's
command table holds `eval` beside `solve`, so the run is scored by invoking that command in this
process, as `cagent eval WORKDIR` would be: its constraints from the run's own records, `eval.json`
written beside the trajectory and the score added to `result.json`.
"""

from __future__ import annotations

from pathlib import Path

import typer

from agent.console import console, fail
from agent.trajectory import RunStatus


def score_run(context: typer.Context, workdir: Path, status: RunStatus, isolation: str | None, quiet: bool) -> None:
    """Run `cagent eval workdir` here; a run the user interrupted is left unscored."""
    if status == "interrupted":
        console.print("--eval: the run was interrupted, so it is not scored (`cagent eval` scores it later)")
        return
    root = context.find_root()
    lookup = getattr(root.command, "get_command", None)  # the `cagent` group, whose table may hold `eval`
    command = lookup(root, "eval") if lookup is not None else None
    if command is None:
        raise fail("--eval needs the evaluation harness's `eval` command, which this command line does not have")
    console.rule("scoring the run", align="left")
    arguments = [str(workdir), *(["--isolation", isolation] if isolation else []), *(["--quiet"] if quiet else [])]
    code = command.main(arguments, prog_name=f"{root.info_name} eval", standalone_mode=False)
    if isinstance(code, int) and code != 0:  # bad input (already said in one line) or interrupted
        raise typer.Exit(code)
