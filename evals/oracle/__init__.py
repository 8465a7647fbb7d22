"""External oracles: the real newman, run on the official Postman collection, as a check on the ports."""

from __future__ import annotations

from evals.oracle.newman import (
    NewmanFailed,
    NewmanUnavailable,
    find_newman,
    parse_report,
    run_newman,
)
from evals.oracle.suite import NewmanSuite

__all__ = ["NewmanFailed", "NewmanSuite", "NewmanUnavailable", "find_newman", "parse_report", "run_newman"]
