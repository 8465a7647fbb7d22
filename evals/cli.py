"""The `cagent` console script: the agent's commands and the harness's, in one table.

Each command is a plain function in its module (name -> "module:function"), imported when it runs or
when `--help` lists it; `agent.cli` builds the application.
"""

from __future__ import annotations

from agent.cli import COMMANDS as AGENT_COMMANDS
from agent.cli import build_app

COMMANDS: dict[str, str] = {
    **AGENT_COMMANDS,
    "check": "evals.cli_check:check_command",
    "eval": "evals.cli_eval:eval_command",
    "classify": "evals.cli_classify:classify_command",
    "tasks": "evals.tasks.cli:tasks_command",
    "fake-llm": "evals.fake_llm.cli:fake_llm_command",
    "scaffolds": "evals.scaffolds.cli:scaffolds_command",
    "bench": "evals.bench.cli:bench_command",
    "report": "evals.reporting.cli:report_command",
}

app = build_app(COMMANDS)


def main() -> None:
    app()
