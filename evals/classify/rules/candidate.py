"""A possible root cause with the weight of what it explains; the rule modules propose, `best` picks."""

from __future__ import annotations

from dataclasses import dataclass, field

from evals.classify.rules.signatures import AUTH, DB, FRAMEWORK, QUERY

BUSINESS = "business_logic_defect"
STATE = "state_propagation_failure"
# Preference among equal weights: the data layer is the most frequent root cause in the taxonomy.
_ORDER = (DB, QUERY, AUTH, FRAMEWORK, STATE, BUSINESS)


@dataclass
class Candidate:
    subcategory: str
    rule: str
    tier: int  # 1 log signature, 2 request signature, 3 app exception, 4 response outcome
    weight: int  # failed assertions (or log lines) it explains
    evidence: list[str] = field(default_factory=list)


def best(candidates: list[Candidate]) -> Candidate | None:
    """The heaviest candidate of the strongest tier present."""
    if not candidates:
        return None
    tier = min(c.tier for c in candidates)
    top = [c for c in candidates if c.tier == tier]
    return max(top, key=lambda c: (c.weight, -_ORDER.index(c.subcategory)))
