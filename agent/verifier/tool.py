"""The `verify` tool: the verifier's gates on demand, before `submit` (the round is recorded, not counted)."""

from __future__ import annotations

from typing import Any

from agent.verifier.rounds import VerifierRounds
from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.base import ToolResult


class VerifyArguments(ToolArguments):
    """`verify` takes no arguments: it checks the workspace as it is."""


class VerifyTool:
    name = "verify"
    description = (
        "Run the checks `submit` will run, now: constraint compliance, run.sh, install, start-up on a fresh "
        "database, a database smoke test and a probe of every contract operation. Shows every finding with "
        "its file:line, command output or request and response. Does not count as a submission."
    )

    def __init__(self, rounds: VerifierRounds) -> None:
        self.rounds = rounds

    def parameters(self) -> dict[str, Any]:
        return schema_of(VerifyArguments)

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        parse(VerifyArguments, arguments)
        report, text = self.rounds.run("verify")
        return ToolResult(output=text, is_error=not report.passed)
