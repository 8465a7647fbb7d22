"""Result documents of `cagent eval --json` (`EvalResult`) mapped to `FailureRecord`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from evals.classify.record import ComplianceVerdict, FailureRecord, RequestResult, TaskInfo, TiedException


def is_eval_result(raw: dict[str, Any]) -> bool:
    return "suites" in raw and ("workspace" in raw or "startup" in raw)


if TYPE_CHECKING:
    from evals.results import EvalResult, RequestOutcome


def _request(outcome: RequestOutcome, suite: str) -> RequestResult:
    failing = [a for a in outcome.assertions if not a.passed]
    return RequestResult(
        name=outcome.name,
        method=outcome.method,
        path=outcome.path,
        suite=suite,
        status=outcome.status,
        passed=outcome.passed,
        failed=outcome.failed,
        messages=[a.message for a in failing if a.message],
        failed_checks=[a.name for a in failing],
        error=outcome.error,
    )


def _harness_lines(result: EvalResult) -> list[str]:
    """What the harness itself saw (start-up reason, install failure, limits), as log lines to scan."""
    lines = []
    if not result.install.ok and result.install.log_tail:
        lines += ["[harness] install failed:", result.install.log_tail]
    startup = result.startup
    if not startup.ok:
        lines.append(f"[harness] start-up failed: {startup.reason or ''} {startup.detail or ''}".rstrip())
    if startup.loopback_only:
        lines.append(f"[harness] server bound to loopback only: {', '.join(startup.bind_addresses)}")
    if result.limit_violation:
        lines.append(f"[harness] limit exceeded: {result.limit_violation}")
    if result.error:
        lines.append(f"[harness] error: {result.error}")
    return lines


def _task(result: EvalResult, name: str) -> TaskInfo:
    description = f"workspace {result.workspace}, database {result.database}"
    if result.compliance is None:
        return TaskInfo(name=name, description=description)
    c = result.compliance.constraints
    values = {"architecture": c.architecture, "database": c.database, "orm": c.orm}
    constraints = [f"{kind}={value}" for kind, value in values.items() if value != "none"]
    return TaskInfo(name=name, framework=c.framework, constraints=constraints, description=description)


def _compliance(result: EvalResult) -> list[ComplianceVerdict]:
    if result.compliance is None:
        return []
    # A verdict that does not count towards compliance (informative runtime evidence) cannot violate it.
    return [
        ComplianceVerdict(
            kind=v.kind, compliant=v.compliant or not v.required, violations=[str(x) for x in v.violations]
        )
        for v in result.compliance.verdicts
    ]


def from_eval_result(raw: dict[str, Any]) -> FailureRecord:
    """A result document read from a file (`cagent eval --json`)."""
    from evals.results import EvalResult  # here, not at the top: evals.results imports this package

    return record_of(EvalResult.model_validate(raw), exit_status=raw.get("exit_status"))


def _tied(result: EvalResult, requests: list[RequestResult]) -> list[TiedException]:
    """The result's exception blocks with the position of their request in the flattened request list."""
    positions: dict[tuple[str, int], int] = {}
    for suite in result.suites:
        for outcome in suite.requests:
            positions[(suite.suite, outcome.index)] = len(positions)
    found = []
    for logged in result.server_exceptions:
        key = (logged.suite or "", logged.request_index if logged.request_index is not None else -1)
        position = positions.get(key)
        found.append(
            TiedException(text=logged.text, request=position, label=logged.request if position is not None else None)
        )
    return found


def record_of(result: EvalResult, exit_status: str | None = None) -> FailureRecord:
    """An evaluation still in memory (the runner classifies its own results without a JSON round trip)."""
    requests = [_request(outcome, suite.suite) for suite in result.suites for outcome in suite.requests]
    name = result.task or result.workspace.rstrip("/").rsplit("/", 1)[-1]
    ident = "/".join(str(part) for part in (name, result.scaffold, result.model, result.trial) if part is not None)
    tied = _tied(result, requests)
    # Exception blocks the stored tail lost go before it (they came first), each headed by its request.
    earlier = [
        f"[server exception during {e.label or 'start-up'}]\n{e.text}"
        for e in tied
        if e.text not in result.server_log_tail
    ]
    log = "\n".join([*earlier, result.server_log_tail, *_harness_lines(result)]).strip("\n")
    return FailureRecord(
        id=ident,
        task=_task(result, name),
        requests=requests,
        total_requests=len(requests),
        server_log=log,
        exceptions=tied,
        compliance=_compliance(result),
        server_started=result.startup.ok,
        exit_status=exit_status,  # not part of the result model; read from documents when a writer adds it
        fault=result.fault,
        fault_detail=result.fault_detail,
    )
