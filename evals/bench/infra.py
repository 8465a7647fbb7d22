"""Telling the machine's and the provider's failures from the model's: those runs are `infra_error`.

A provider's 429 or 5xx after the retries, a dropped connection, a missing interpreter or scaffold, a
full disk, a database server that failed: none says anything about the model, so they are recorded
apart and `--retry-infra` runs them again.
"""

from __future__ import annotations

import re

from evals.results import EvalResult
from evals.scaffolds.base import ScaffoldOutcome

_PROVIDER = re.compile(
    r"\b(429|500|502|503|504|529)\b|rate.?limit|RateLimitError|InternalServerError|ServiceUnavailable|BadGateway"
    r"|APIConnectionError|overloaded|Connection (refused|reset|error)|timed out",
    re.IGNORECASE,
)
_MACHINE = re.compile(
    r"No space left on device|ENOSPC|disk (is )?full|Read-only file system|Cannot allocate memory"
    r"|not installed|no such interpreter|needs Python \d|git is not installed",
    re.IGNORECASE,
)


def infra_reason(outcome: ScaffoldOutcome | None, result: EvalResult | None, error: str | None = None) -> str | None:
    """Why this run failed for reasons outside the model, or None when it did not."""
    if error:
        return error
    if outcome is not None:
        if outcome.status == "infra_error":
            return outcome.reason or outcome.raw_status or "infrastructure failure"
        if outcome.status == "error":
            text = f"{outcome.raw_status} {outcome.reason}"
            if _PROVIDER.search(text) or _MACHINE.search(text):
                return outcome.reason or outcome.raw_status
    if result is not None and result.fault == "infra":
        return result.fault_detail or "the evaluation's infrastructure failed"
    return None
