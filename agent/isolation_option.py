"""`--isolation auto|bwrap|none` on the commands that run generated code: resolved once, warned once."""

from __future__ import annotations

from agent.console import err_console, fail
from tools.isolation.mode import ISOLATION_VARIABLE, IsolationChoice, IsolationUnavailable, resolve_isolation

ISOLATION_HELP = (
    "how generated code is contained: auto (bubblewrap where it works, else a warning), bwrap (required), "
    f"none (you isolate otherwise); default ${ISOLATION_VARIABLE} or auto"
)


def choose_isolation(requested: str | None) -> IsolationChoice:
    """The isolation for this run; bad input is one line and exit 2, a fallback one warning."""
    try:
        choice = resolve_isolation(requested)
    except (ValueError, IsolationUnavailable) as exc:
        raise fail(str(exc)) from None
    if choice.warning:
        err_console.print(f"[bold yellow]warning:[/] {choice.warning}", highlight=False, soft_wrap=True)
    return choice
