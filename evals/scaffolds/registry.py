"""Scaffolds by name: cagent, mini-swe-agent, openhands, none (or a dotted class path)."""

from __future__ import annotations

from evals.scaffolds.base import Scaffold
from tools.components import ComponentError, Registry

SCAFFOLDS = Registry(
    "scaffold",
    {
        "cagent": "evals.scaffolds.cagent.CagentScaffold",
        "mini-swe-agent": "evals.scaffolds.mini_swe.MiniSweAgentScaffold",
        "openhands": "evals.scaffolds.openhands.OpenHandsScaffold",
        "none": "evals.scaffolds.none.NoneScaffold",
    },
)
SCAFFOLD_NAMES = tuple(SCAFFOLDS.names)


class UnknownScaffold(ValueError):
    """A scaffold name that names nothing (one line)."""


def make_scaffold(name: str) -> Scaffold:
    try:
        scaffold: Scaffold = SCAFFOLDS.resolve(name)()
    except ComponentError as exc:
        raise UnknownScaffold(str(exc)) from None
    return scaffold
