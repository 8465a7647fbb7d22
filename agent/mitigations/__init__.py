"""The four mitigations, each a module with `prepare(context) -> Contribution`, run in this order."""

from __future__ import annotations

import importlib

from agent.mitigations.base import (
    Attachment,
    Contribution,
    GateVerdict,
    MitigationContext,
    MitigationInputError,
    ObservationHook,
    Prepared,
    SubmitGate,
)
from agent.spec import Mitigations

__all__ = [
    "ORDER",
    "Attachment",
    "Contribution",
    "GateVerdict",
    "MitigationContext",
    "MitigationInputError",
    "ObservationHook",
    "Prepared",
    "SubmitGate",
    "prepare_mitigations",
]

ORDER = ("plan", "retrieval", "schema", "verifier")


def prepare_mitigations(switches: Mitigations, context: MitigationContext) -> Prepared:
    """Run `prepare` of every mitigation that is on; a module is imported only when its mitigation is on."""
    prepared = Prepared()
    for name in ORDER:
        if not switches.enabled(name):
            continue
        prepared.add(name, importlib.import_module(f"agent.mitigations.{name}").prepare(context))
    return prepared
