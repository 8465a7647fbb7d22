"""The deterministic classifier: coarse category first, then the root cause of a logic error.

Order of decisions: a fault the harness saw (crash, hang, limit, its own failure) -> that fault;
the server never answered -> start-up failure; nothing failed -> constraint
violation (or nothing to say); whole route groups missing -> stuck / premature / incomplete; then
the logic root cause (logic.py), unless the only evidence is response shape -> schema format error.
"""

from __future__ import annotations

from evals.classify.record import FailureRecord
from evals.classify.rules import coarse
from evals.classify.rules.cascade import analyse
from evals.classify.rules.faults import from_fault
from evals.classify.rules.logic import TIER_CONFIDENCE, root_cause
from evals.classify.rules.logscan import exceptions, scan
from evals.classify.rules.trajectory import trajectory_facts
from evals.taxonomy import Classification

MAX_EVIDENCE = 6


def classify(record: FailureRecord) -> Classification:
    """Classify one failed run; every verdict names its rule and the lines/requests that decided it."""
    analysis = analyse(record)
    hits = scan(record.server_log)
    facts = trajectory_facts(record)
    verdict = (
        from_fault(record, hits)
        or coarse.startup_failure(record, analysis, hits)
        or coarse.nothing_failed(record, analysis, facts)
        or coarse.missing_features(record, analysis, facts)
    )
    if verdict is None:
        cause = root_cause(analysis, hits, exceptions(record.server_log), record.task.framework)
        verdict = coarse.schema_format(analysis) if cause.tier >= 4 else None
        if verdict is None:
            share = cause.weight / max(analysis.failed_total, 1) if cause.tier > 1 else 1.0
            confidence = round(TIER_CONFIDENCE[cause.tier] * (0.8 + 0.2 * min(share, 1.0)), 2)
            verdict = Classification(
                category="logic_error", subcategory=cause.subcategory,  # type: ignore[arg-type]
                confidence=confidence, rule=cause.rule, evidence=cause.evidence,
            )  # fmt: skip
    return _with_notes(verdict, record)


def _with_notes(verdict: Classification, record: FailureRecord) -> Classification:
    """Constraint violations found next to a behavioural failure are worth a line, not the category."""
    notes = []
    if verdict.category != "constraint_violation":
        notes = [f"also non-compliant: {v.kind}" for v in record.compliance if not v.compliant]
    verdict.evidence = [*verdict.evidence[:MAX_EVIDENCE], *_request_of_exception(verdict, record), *notes]
    return verdict


def _request_of_exception(verdict: Classification, record: FailureRecord) -> list[str]:
    """Which request raised the exception the verdict rests on, when the harness tied it to one."""
    for tied in record.exceptions:
        lines = [line.strip() for line in tied.text.splitlines() if line.strip()]
        if tied.label and lines and any(lines[-1][:80] in line for line in verdict.evidence):
            return [f"raised during {tied.label}"]
    return []
