"""One verification round over a workspace: the static gates, the runtime gates, then the reviewer.

Order: compliance (and the plan's obligations), run.sh, leftover servers, install, start-up, database
smoke test, contract probe, review. Static gates always run; the runtime gates share one start of the
app; the reviewer (when a model is given) sees what the gates found so it judges only what they cannot.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.models.base import Model
from agent.verifier.compliance_gate import check_compliance, plan_obligations
from agent.verifier.contract import Contract
from agent.verifier.leftovers import check_leftovers
from agent.verifier.report import GateResult, VerifierReport
from agent.verifier.run_script import check_run_script
from agent.verifier.runtime import RuntimeSetup, run_runtime_gates
from planners.constraints import ConstraintSet, Obligation
from tools.apps import AppLimits
from tools.apps.task_start import TaskStart
from tools.databases import DatabaseProvider
from tools.isolation.mode import IsolationChoice, resolve_isolation

# The reviewer sub-agent, loaded when a reviewer model is given (see agent.verifier_review for why by name).
REVIEWER = "agent.verifier_review:review"


@dataclass
class VerifierSetup:
    constraints: ConstraintSet | None
    contract: dict[str, Any] | None
    provider: DatabaseProvider | None
    isolation: IsolationChoice = field(default_factory=resolve_isolation)
    plan: object | None = None  # a ConstraintPlan (or anything with `obligations`)
    reviewer_model: Model | None = None
    review_dir: Path | None = None  # where the reviewer's trajectories go
    limits: AppLimits = field(default_factory=lambda: AppLimits(startup_s=30.0, stop_grace_s=1.0))
    run_app: bool = True
    start: TaskStart = field(default_factory=TaskStart)  # an imported task's own way to run, as it is scored


class Verifier:
    def __init__(self, workspace: Path, setup: VerifierSetup) -> None:
        self.workspace = workspace.resolve()
        self.setup = setup
        self.contract = Contract(setup.contract) if setup.contract is not None else None
        self.last_review: Any = None  # the reviewer's ReviewOutcome, after a round that ran it

    def obligations(self) -> list[Obligation]:
        if self.setup.constraints is None:
            return []
        if self.setup.plan is None:
            return []
        return plan_obligations(self.setup.plan, self.setup.constraints)

    def verify(self, round_number: int = 1) -> VerifierReport:
        started = time.monotonic()
        gates: list[GateResult] = []
        gates += self._static()
        own = self.setup.start.run_cmds
        if own and not any("run.sh" in command for command in own):
            note = "the task starts with its own commands: " + " && ".join(own)
            gates.append(GateResult(gate="run-script", status="skipped", note=note))
        else:
            gates.append(_timed(lambda: check_run_script(self.workspace)))
        gates.append(_timed(lambda: check_leftovers(self.workspace)))
        if self.setup.run_app:
            runtime = RuntimeSetup(self.setup.provider, self.setup.isolation, self.contract, limits=self.setup.limits,
                                   start=self.setup.start)  # fmt: skip
            gates += run_runtime_gates(self.workspace, runtime)
        if self.setup.reviewer_model is not None:
            gates.append(self._review(gates, round_number))
        return VerifierReport(round=round_number, gates=gates, seconds=round(time.monotonic() - started, 3))

    def _static(self) -> list[GateResult]:
        constraints = self.setup.constraints
        if constraints is None:
            return [GateResult(gate="compliance", status="skipped", note="no constraints")]
        obligations = self.obligations()
        result = _timed(lambda: check_compliance(self.workspace, constraints, obligations))
        if self.setup.plan is None:
            return [result]
        # Findings that break an obligation of the plan are the plan gate's; the rest stay compliance's.
        broken = [f.model_copy(update={"gate": "plan"}) for f in result.findings if "plan obligation" in f.message]
        rest = [f for f in result.findings if "plan obligation" not in f.message]
        plan = GateResult(
            gate="plan", status="failed" if broken else "passed", findings=broken,
            note=f"{len(obligations)} obligations of the plan checked",
        )  # fmt: skip
        compliance = result.model_copy(update={"findings": rest, "status": "failed" if rest else "passed"})
        return [compliance, plan]

    def _review(self, gates: Sequence[GateResult], round_number: int) -> GateResult:
        started = time.monotonic()
        assert self.setup.reviewer_model is not None
        directory = self.setup.review_dir or self.workspace.parent
        operations = [op.label for op in self.contract.operations] if self.contract else []
        module, _, function = REVIEWER.partition(":")
        review = getattr(importlib.import_module(module), function)
        outcome = review(
            self.workspace, self.setup.reviewer_model, self.setup.constraints,
            trajectory_path=directory / f"verifier-review-{round_number}.json", obligations=self.obligations(),
            operations=operations, known=[f for gate in gates for f in gate.findings],
        )  # fmt: skip
        self.last_review = outcome
        note = f"reviewer {outcome.status}: {outcome.reason}; {outcome.dropped} findings dropped"
        return GateResult(
            gate="review", status="failed" if outcome.findings else "passed", findings=outcome.findings,
            seconds=round(time.monotonic() - started, 3), note=note,
        )  # fmt: skip


def _timed(check: Any) -> GateResult:
    started = time.monotonic()
    result: GateResult = check()
    return result.model_copy(update={"seconds": round(time.monotonic() - started, 3)})
