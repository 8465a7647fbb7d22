"""The compliance gate: the catalog's checks (layers, import graph, database, ORM), and the plan's obligations.

A violation becomes a finding with the offending line as evidence. When a plan exists, each finding
names the plan obligation it breaks, so the agent reads it against the checklist it was given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from agent.verifier.report import Finding, GateResult
from planners.compliance.report import check_all
from planners.constraints import ConstraintSet, Obligation
from planners.constraints.catalog import obligations_for

_WORD = re.compile(r"[a-z][a-z0-9]+")


def _source_line(workspace: Path, file: str, line: int) -> str:
    if not file or line <= 0:
        return ""
    try:
        lines = (workspace / file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    return lines[line - 1].strip() if line <= len(lines) else ""


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def _broken_obligation(kind: str, reason: str, obligations: Sequence[Obligation]) -> Obligation | None:
    """The obligation of `kind` that shares the most words with the violation, if any shares one."""
    words = _words(reason)
    scored = [(len(words & _words(item.text + " " + item.id)), item) for item in obligations if item.kind == kind]
    scored = [pair for pair in scored if pair[0] > 0]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def check_compliance(
    workspace: Path, constraints: ConstraintSet, obligations: Sequence[Obligation] | None = None
) -> GateResult:
    report = check_all(workspace, constraints)
    findings: list[Finding] = []
    for verdict in report.verdicts:
        if not verdict.required:
            continue
        for violation in verdict.violations:
            message = f"{verdict.kind} {verdict.value}: {violation.reason}"
            if obligations and (broken := _broken_obligation(verdict.kind, violation.reason, obligations)):
                message += f" (breaks plan obligation {broken.id}: {broken.text})"
            findings.append(
                Finding(
                    gate="compliance",
                    message=message,
                    file=violation.file,
                    line=violation.line,
                    evidence=_source_line(workspace, violation.file, violation.line),
                )
            )
    checked = ", ".join(f"{v.kind} {v.value}" for v in report.verdicts)
    return GateResult(
        gate="compliance", status="failed" if findings else "passed", findings=findings, note=f"checked {checked}"
    )


def plan_obligations(plan: object, constraints: ConstraintSet) -> list[Obligation]:
    """The obligations a plan carries (any object with `obligations`), else the catalog's for the constraints."""
    carried = getattr(plan, "obligations", None) if plan is not None else None
    if carried is None and isinstance(plan, dict):
        carried = plan.get("obligations")
    if not carried:
        return obligations_for(constraints)
    items: list[Obligation] = []
    for item in carried:
        if isinstance(item, Obligation):
            items.append(item)
        elif isinstance(item, dict) and {"id", "text", "kind", "topic"} <= set(item):
            items.append(Obligation.model_validate(item))
        elif all(hasattr(item, name) for name in ("id", "text", "kind", "topic")):
            items.append(Obligation(id=item.id, text=item.text, kind=item.kind, topic=item.topic))
    return items
