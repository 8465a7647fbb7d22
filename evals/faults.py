"""What went wrong with an evaluation as a whole, read from the app runner's report and the requests.

A limit the app broke comes first (the runner killed it, so everything after looks like a crash).
Otherwise the requests after the last answered one tell: refused or dropped connections mean the
server died (`server_crash`); two or more timeouts, or a body still trickling in at the total time
per request, mean it stopped answering (`timeout`); requests that were not sent at all (hurl-v2 entries
naming a variable never captured) are left out. A server that answers again later did neither,
and one slow request at the very end is a wrong answer, not a hang. Interruptions and
infrastructure failures are set by the runner itself, which knows them first hand.
"""

from __future__ import annotations

from evals.results import EvalResult, Fault, RequestOutcome

_LIMITS: tuple[tuple[str, Fault], ...] = (
    ("memory limit", "limit:memory"),
    ("process limit", "limit:processes"),
    ("wall-clock limit", "limit:wall"),
)
_DEAD = frozenset({"refused", "disconnected"})
_SILENT = frozenset({"timeout", "too_slow", "unresponsive"})


def limit_fault(violation: str) -> Fault:
    """The fault of an app runner violation string (`memory limit exceeded: ...`)."""
    text = violation.lower()
    return next((fault for prefix, fault in _LIMITS if text.startswith(prefix)), "limit:other")


def suite_fault(result: EvalResult, app_exit_code: int | None = None) -> tuple[Fault, str] | None:
    """A crash or a hang seen in the requests of a started server, with the detail that shows it."""
    if not result.startup.ok:
        return None
    requests = [outcome for suite in result.suites for outcome in suite.requests]
    answered = [i for i, outcome in enumerate(requests) if outcome.status is not None]
    # Requests never sent (a variable the dead server never gave) say nothing about how it failed.
    tail = [o for o in (requests[answered[-1] + 1 :] if answered else requests) if o.transport_failure != "not_sent"]
    kinds = {outcome.transport_failure for outcome in tail}
    if not tail or None in kinds:
        return None
    before = f"after {len(answered)} answered requests" if answered else "after the health check answered"
    first = tail[0]
    if kinds & _DEAD:
        dead = next(outcome for outcome in tail if outcome.transport_failure in _DEAD)
        detail = f"the server stopped answering at {_label(dead)} {before}: {dead.error}"
        if app_exit_code is not None:
            detail += f"; the app exited with code {app_exit_code}"
        return "server_crash", detail
    if kinds <= _SILENT and len(tail) >= 2:
        if "too_slow" in kinds:
            slow = next(outcome for outcome in tail if outcome.transport_failure == "too_slow")
            return "timeout", f"the server sends too slowly from {_label(slow)} {before}: {slow.error}"
        return "timeout", f"the server stopped answering at {_label(first)} {before}: {first.error}"
    return None


def derive_fault(result: EvalResult, app_exit_code: int | None = None) -> tuple[Fault, str] | None:
    """The fault of a finished evaluation the runner has not already marked (interrupted, infra)."""
    if result.limit_violation:
        return limit_fault(result.limit_violation), result.limit_violation
    return suite_fault(result, app_exit_code)


def _label(outcome: RequestOutcome) -> str:
    return f"request {outcome.index} ({outcome.method} {outcome.path})"
