"""The verifier mitigation: a gate on `submit` and a `verify` tool, both running agent.verifier's gates.

Every round goes to WORKDIR/verifier.json. The plan mitigation's plan (context.shared["plan"]) adds its
obligations to the compliance gate. An imported task's own way to run (`task_start` in the options: its
commands, port, health check, base URL) is how the verifier starts and probes the app too. The reviewer
sub-agent runs with `verifier_model` when given, else with the run's model, except when that model answers
from a fixed script (scripted, replayed): its turns belong to the main agent, so the review is left out
and the record says so.
"""

from __future__ import annotations

from typing import Any

from agent.mitigations.base import Contribution, GateVerdict, MitigationContext
from agent.models import make_model
from agent.models.base import Model, SkipsTurns
from agent.verifier.rounds import VerifierRounds
from agent.verifier.tool import VerifyTool
from agent.verifier.verifier import Verifier, VerifierSetup
from prompts.render import render
from tools.apps.task_start import TaskStart

DEFAULT_ROUNDS = 3


def _reviewer(context: MitigationContext) -> tuple[Model | None, str]:
    named = context.options.get("verifier_model")
    if isinstance(named, str) and named:
        return make_model(named), named
    if named is not None and hasattr(named, "complete"):
        return named, getattr(named, "name", "model")
    if isinstance(context.model, SkipsTurns):
        return None, "off: the run's model answers from a fixed script (give verifier_model to review)"
    return context.model, context.model.name


def prepare(context: MitigationContext) -> Contribution:
    reviewer, reviewer_note = _reviewer(context)
    setup = VerifierSetup(
        constraints=context.constraints, contract=context.contract, provider=context.database_provider,
        isolation=context.isolation, plan=context.shared.get("plan"), reviewer_model=reviewer,
        review_dir=context.workdir, start=TaskStart.model_validate(context.options.get("task_start") or {}),
    )  # fmt: skip
    verifier = Verifier(context.workspace, setup)
    rounds = VerifierRounds(verifier, context.workdir / "verifier.json", _rounds(context.options))
    record: dict[str, Any] = {"reviewer": reviewer_note, **rounds.summary()}

    def gate(summary: str) -> GateVerdict:
        # The planner may have set the constraints after this prepare ran; read them at each round.
        setup.constraints = context.constraints
        setup.plan = context.shared.get("plan")
        if context.constraints is None:  # a task naming no stack: nothing to verify it against
            record["skipped"] = "the task names no framework: no gate applies"
            return GateVerdict(passed=True, details={"skipped": record["skipped"]})
        report, text = rounds.run("submit", summary)
        record.update(rounds.summary())  # the same dict the run's record holds: saved with the next step
        details = {"round": report.round, "passed": report.passed, "findings": len(report.findings),
                   "gates": {g.gate: g.status for g in report.gates}, "seconds": report.seconds}  # fmt: skip
        return GateVerdict(passed=report.passed, report=text, details=details)

    return Contribution(
        prompt_sections=[_prompt_section()], tools=[VerifyTool(rounds)], submit_gate=gate, record=record
    )


def _rounds(options: dict[str, Any]) -> int:
    try:
        return max(int(options.get("verifier_rounds", DEFAULT_ROUNDS)), 1)
    except (TypeError, ValueError):
        return DEFAULT_ROUNDS


def _prompt_section() -> str:
    return render("verifier_prompt.md.j2")
