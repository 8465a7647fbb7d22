"""The mitigation switches of `cagent solve` and `cagent run-task`: flags over `CAGENT_MITIGATIONS` over the spec."""

from __future__ import annotations

import os
from collections.abc import Mapping

from agent.console import fail
from agent.mitigations import ORDER
from agent.spec import Mitigations

MITIGATIONS_VARIABLE = "CAGENT_MITIGATIONS"
MITIGATIONS_HELP = (
    f"${MITIGATIONS_VARIABLE}=plan,retrieval turns on exactly those (none: all off); --no-plan, --no-retrieval, "
    "--no-schema and --no-verifier turn one off"
)


def from_environment(base: Mitigations, environ: Mapping[str, str] | None = None) -> Mitigations:
    """`base`, or exactly the mitigations `$CAGENT_MITIGATIONS` names when it is set; unknown names exit 2."""
    raw = (environ if environ is not None else os.environ).get(MITIGATIONS_VARIABLE)
    if raw is None:
        return base
    names = {part.strip().lower() for part in raw.split(",") if part.strip()} - {"none"}
    if unknown := sorted(names - set(ORDER)):
        raise fail(f"{MITIGATIONS_VARIABLE}: unknown mitigation {unknown[0]!r}; choose from {', '.join(ORDER)}, none")
    return Mitigations.model_validate({name: name in names for name in ORDER})


def choose_mitigations(base: Mitigations, *, switched_off: Mapping[str, bool]) -> Mitigations:
    """The switches of this run: the spec's (`base`), then the environment, then the `--no-*` flags."""
    chosen = from_environment(base)
    off = {name: False for name, flag in switched_off.items() if flag}
    return Mitigations.model_validate({**chosen.model_dump(), **off}) if off else chosen
