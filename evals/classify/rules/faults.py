"""Faults the harness saw first hand decide the category: no rule reads them better than the harness did.

A server that died mid-suite is `server_crash` (with the app's last exception as evidence, when the
log shows one), one that stopped answering or trickled is `timeout`, a broken memory, process or
wall-clock limit is `resource_limit`, and an evaluation that could not finish (the database server
died, SIGINT/SIGTERM) is `harness_fault`. Records without a fault (other harnesses, the published
datasets) go through the usual rules.
"""

from __future__ import annotations

from evals.classify.record import FailureRecord
from evals.classify.rules.logscan import Hit, exceptions
from evals.taxonomy import Category, Classification

_CATEGORIES: dict[str, Category] = {
    "server_crash": "server_crash",
    "timeout": "timeout",
    "infra": "harness_fault",
    "interrupted": "harness_fault",
}


def from_fault(record: FailureRecord, hits: list[Hit]) -> Classification | None:
    if not record.fault:
        return None
    fault = record.fault
    category = "resource_limit" if fault.startswith("limit:") else _CATEGORIES.get(fault)
    if category is None:
        return None
    evidence = [f"harness: {fault}" + (f": {record.fault_detail}" if record.fault_detail else "")]
    if category == "server_crash":
        sites = exceptions(record.server_log)
        if sites:
            evidence.append(f"last exception: {sites[-1].describe()}")
        evidence += list(dict.fromkeys(f"log: {h.line}" for h in hits if h.signature.strength >= 2))[:2]
    return Classification(
        category=category, confidence=0.95, rule=f"fault.{fault.replace(':', '.')}", evidence=evidence
    )
