"""A live view of a run in the terminal: recent steps, tool calls, cost and budget use."""

from __future__ import annotations

import json
import time

from rich.console import Console, Group
from rich.live import Live
from rich.table import Table
from rich.text import Text

from agent.budget import Budget
from agent.trajectory import Step

SHOWN_STEPS = 10


def describe_call(name: str, arguments: object, width: int = 90) -> str:
    """A one-line summary of a tool call (the command, the path, the action)."""
    if isinstance(arguments, dict):
        for key in ("command", "action", "path", "pattern", "summary"):
            if key in arguments:
                head = str(arguments[key]).strip().splitlines()[0] if str(arguments[key]).strip() else ""
                extra = f" {arguments['path']}" if key == "command" and "path" in arguments else ""
                text = f"{name} {head}{extra}"
                break
        else:
            text = f"{name} {json.dumps(arguments)[:width]}"
    else:
        text = f"{name} (malformed) {str(arguments)[:width]}"
    return text if len(text) <= width else text[: width - 1] + "…"


class LiveView:
    def __init__(self, console: Console, budget: Budget, title: str) -> None:
        self.console, self.budget, self.title = console, budget, title
        self.rows: list[tuple[int, str, str, float]] = []
        self.cost = 0.0
        self.started = time.monotonic()
        self._live = Live(self._render(), console=console, refresh_per_second=4, transient=False)

    def __enter__(self) -> LiveView:
        self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.__exit__(None, None, None)

    def on_step(self, step: Step) -> None:
        self.cost += step.assistant.cost_usd
        calls = [describe_call(o.tool, o.arguments) for o in step.observations] or ["(no tool call)"]
        failed = any(o.is_error for o in step.observations)
        self.rows.append((step.index, "\n".join(calls), "error" if failed else "ok", step.assistant.cost_usd))
        self._live.update(self._render())

    def _render(self) -> Group:
        table = Table(title=self.title, title_justify="left", expand=True)
        table.add_column("step", justify="right", width=5)
        table.add_column("tool calls", overflow="fold")
        table.add_column("", width=5)
        table.add_column("cost $", justify="right", width=9)
        for index, calls, state, cost in self.rows[-SHOWN_STEPS:]:
            table.add_row(str(index), calls, "[red]error[/]" if state == "error" else "", f"{cost:.4f}")
        elapsed = time.monotonic() - self.started
        footer = Text(
            f"steps {len(self.rows)}/{self.budget.steps}   cost ${self.cost:.4f}/${self.budget.cost_usd:.2f}   "
            f"time {elapsed:.0f}/{self.budget.wall_s:.0f} s"
        )
        return Group(table, footer)
