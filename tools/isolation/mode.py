"""Whether untrusted processes run in boxes: `--isolation auto|bwrap|none` (or CAGENT_ISOLATION).

`auto` (the default) uses bubblewrap where it works and otherwise runs processes as before, with one
warning per run; `bwrap` makes its absence an error; `none` is for people who isolate otherwise (a
container, a VM). The choice made is recorded in results.
"""

from __future__ import annotations

import os
from typing import Literal

from pydantic import BaseModel

from tools.isolation.probe import isolation_problem

IsolationMode = Literal["auto", "bwrap", "none"]
ISOLATION_MODES: tuple[IsolationMode, ...] = ("auto", "bwrap", "none")
ISOLATION_VARIABLE = "CAGENT_ISOLATION"


class IsolationUnavailable(RuntimeError):
    """`--isolation bwrap` was asked for and boxes cannot be made here; the message is one line."""


class IsolationChoice(BaseModel):
    """What was asked for, what is used, and the warning to show once when they differ."""

    requested: IsolationMode
    used: Literal["bwrap", "none"]
    warning: str | None = None

    @property
    def boxed(self) -> bool:
        return self.used == "bwrap"


def resolve_isolation(requested: str | None = None) -> IsolationChoice:
    """The isolation to use for `requested` (None: $CAGENT_ISOLATION, else auto).

    ValueError for an unknown mode; IsolationUnavailable when `bwrap` is required and cannot work.
    """
    mode = (requested or os.environ.get(ISOLATION_VARIABLE) or "auto").strip().lower()
    if mode not in ISOLATION_MODES:
        raise ValueError(f"unknown isolation {mode!r}; choose one of {', '.join(ISOLATION_MODES)}")
    if mode == "none":
        return IsolationChoice(requested="none", used="none")
    problem = isolation_problem()
    if problem is None:
        return IsolationChoice(requested=mode, used="bwrap")  # type: ignore[arg-type]
    if mode == "bwrap":
        raise IsolationUnavailable(f"--isolation bwrap: {problem}")
    warning = f"untrusted code runs without isolation: {problem} (or pass --isolation none to silence this)"
    return IsolationChoice(requested="auto", used="none", warning=warning)
