"""Coarse categories other than logic errors, each decided by what the record shows directly.

Human labels call a run a logic error whenever the server ran and the API was there, even when the
agent looped or stopped early: a loop or an early stop is the category only when it left the API
largely unbuilt. A constraint violation is the category only when the behaviour passed.
"""

from __future__ import annotations

import re

from evals.classify.record import FailureRecord
from evals.classify.rules.cascade import Analysis, unsent
from evals.classify.rules.logscan import Hit, exceptions, says_listening, served_requests
from evals.classify.rules.trajectory import TrajectoryFacts, stopped_early
from evals.taxonomy import Classification

_SHAPE = re.compile(r"propert|exists|is an? |ISO 8601|isString|isInteger|isBoolean|isList|isCollection|type", re.I)
_BEHAVIOUR = re.compile(r"is (true|false|\d)|===|==|equals|greater than|first tag|second tag|count|status", re.I)


def startup_failure(record: FailureRecord, analysis: Analysis, hits: list[Hit]) -> Classification | None:
    failing = [r for r in analysis.reqs if r.failing]
    unreachable = bool(failing) and not analysis.answered_any and record.server_started is not True
    if unreachable and _came_up_then_crashed(record, hits):
        unreachable = False  # it came up, then the first request took it down: a logic error
    silent = not analysis.reqs and not says_listening(record.server_log) and any(_startup(hits, 2))
    if record.server_started is not False and not unreachable and not silent:
        return None
    # The error that ended the start is usually the last one printed; runtime errors can be it too.
    strong_other = [h for h in hits if h.signature.strength >= 2 and h.signature.family != "startup"]
    causes = list(reversed(_startup(hits, 2) or strong_other or _startup(hits, 1)))
    evidence = list(dict.fromkeys(f"log: {h.line}" for h in causes))[:3]
    if unreachable:
        evidence.insert(0, f"no response to any of the {len(failing)} failing requests")
    if record.server_started is False:
        evidence.insert(0, "the server did not pass its health check")
    if served_requests(record.server_log):
        evidence.append("note: the log shows API requests being served")
    rule = causes[0].signature.id if causes and causes[0].signature.family == "startup" else "startup.unreachable"
    return Classification(
        category="server_startup_failure", confidence=0.95 if causes else 0.85, rule=rule, evidence=evidence
    )


def _came_up_then_crashed(record: FailureRecord, hits: list[Hit]) -> bool:
    """The log shows the server serving (or listening, then failing at run time), on a reachable address."""
    if any(h.signature.id == "startup.loopback_bind" for h in hits):
        return False
    if served_requests(record.server_log):
        return True
    runtime = [h for h in hits if h.signature.strength >= 2 and h.signature.family != "startup"]
    return (
        says_listening(record.server_log) and bool(runtime or exceptions(record.server_log)) and not _startup(hits, 2)
    )


def _startup(hits: list[Hit], strength: int) -> list[Hit]:
    return [h for h in hits if h.signature.family == "startup" and h.signature.strength == strength]


def nothing_failed(record: FailureRecord, analysis: Analysis, facts: TrajectoryFacts) -> Classification | None:
    if any(r.failing for r in analysis.reqs):
        return None
    broken = [v for v in record.compliance if not v.compliant]
    if broken:
        evidence = [f"{v.kind}: {'; '.join(v.violations[:2]) or 'non-compliant'}" for v in broken]
        return Classification(
            category="constraint_violation", confidence=0.85, rule="compliance.non_compliant",
            evidence=["every request passed" if analysis.reqs else "no failing request reported", *evidence],
        )  # fmt: skip
    if not analysis.reqs and facts.looping and facts.submitted is False:
        return _stuck(facts, "no suite results")
    note = "every request passed" if analysis.reqs else "the record has no request results"
    return Classification(category="other", confidence=0.3, rule="other.no_failure_seen", evidence=[note])


def _stuck(facts: TrajectoryFacts, note: str) -> Classification:
    evidence = [f"the same action {facts.loop_repeats} times at the end: {facts.loop_action or ''}"[:200], note]
    return Classification(
        category="stuck_in_loop", confidence=0.7, rule="trajectory.repeated_action", evidence=evidence
    )


def missing_features(record: FailureRecord, analysis: Analysis, facts: TrajectoryFacts) -> Classification | None:
    """Whole route groups answering 404/405 (not as a cascade): the API was not built."""
    groups: dict[str, list] = {}
    for i, req in enumerate(analysis.reqs):
        # A request without assertions cannot fail, so it says nothing about whether its routes exist.
        unchecked = not req.assumed_pass and req.result.passed == 0 and not req.failing
        if i not in analysis.cascade and req.group != "other" and not unchecked and not unsent(req):
            groups.setdefault(req.group, []).append(req)
    missing = {g: reqs for g, reqs in groups.items() if all(r.failing and r.status in {404, 405} for r in reqs)}
    if not missing:
        return None
    missing_reqs = [r for reqs in missing.values() for r in reqs]
    share = analysis.weight(missing_reqs) / max(analysis.failed_total, 1)
    if share < 0.5:
        return None
    evidence = [
        f"route groups answering 404/405: {', '.join(sorted(missing))} ({share:.0%} of failed assertions)",
        *(f"request: {r.label}" for r in missing_reqs[:3]),
    ]
    if facts.looping and facts.submitted is False:
        return _stuck(facts, evidence[0])
    if len(missing) * 2 >= len(groups) or stopped_early(record, facts):
        notes = [f"trajectory: {n}" for n in facts.unfinished_notes[:2]]
        return Classification(
            category="premature_termination", confidence=0.65, rule="features.mostly_missing",
            evidence=[*evidence, *notes],
        )  # fmt: skip
    return Classification(
        category="incomplete_implementation", confidence=0.7, rule="features.route_groups_missing", evidence=evidence
    )


def schema_format(analysis: Analysis) -> Classification | None:
    """Every response 2xx, the failures are shape checks (keys, types, formats), not behaviour."""
    roots = analysis.roots()
    if not roots or not all(r.status is not None and 200 <= r.status < 300 for r in roots):
        return None
    checks = [c for r in roots for c in r.result.failed_checks]
    if checks:
        shape = [c for c in checks if _SHAPE.search(c) and not _BEHAVIOUR.search(c)]
        if len(shape) < 0.8 * len(checks):
            return None
        evidence = [
            f"{len(shape)} of {len(checks)} failed checks are shape checks",
            *(f"check: {c}" for c in shape[:3]),
        ]
    else:
        counts = {r.result.failed for r in roots}
        if len(roots) < 5 or len({r.group for r in roots}) < 2 or len(counts) != 1 or max(counts) > 3:
            return None
        evidence = [f"{len(roots)} requests of several resources each fail the same {counts.pop()} check(s)"]
    evidence += [f"request: {r.label}" for r in roots[:3]]
    return Classification(
        category="schema_format_error", confidence=0.55, rule="schema.shape_checks", evidence=evidence
    )
