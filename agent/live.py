"""A live view of a run: a table of recent steps in a terminal, one plain line per step anywhere else.

Logs (CI, `nohup`, a bench worker's output file) cannot redraw a table, so when the console is not a
terminal every step is printed once, as it ends, with its tool calls, state, tokens, cost and time.
"""

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


def step_seconds(step: Step) -> float:
    """Time of a step: the model's answer plus its tool calls."""
    return step.model_seconds + sum(o.seconds for o in step.observations)


class LiveView:
    """Call `on_step` after each step; use as a context manager around the run."""

    def __init__(self, console: Console, budget: Budget, title: str) -> None:
        self.console, self.budget, self.title = console, budget, title
        self.rows: list[tuple[int, str, str, str, float, float]] = []
        self.cost = 0.0
        self.started = time.monotonic()
        self.plain = not console.is_terminal
        self._live = None if self.plain else Live(self._render(), console=console, refresh_per_second=4)

    def __enter__(self) -> LiveView:
        if self._live is not None:
            self._live.__enter__()
        else:
            self._print(self.title)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)
        else:
            self._print(self._footer())

    def on_step(self, step: Step) -> None:
        self.cost += step.assistant.cost_usd
        calls = [describe_call(o.tool, o.arguments) for o in step.observations] or ["(no tool call)"]
        state = "error" if any(o.is_error for o in step.observations) else "ok"
        tokens = f"{step.assistant.prompt_tokens}+{step.assistant.completion_tokens}"
        row = (step.index, "\n".join(calls), state, tokens, step.assistant.cost_usd, step_seconds(step))
        self.rows.append(row)
        if self._live is not None:
            self._live.update(self._render())
            return
        self._print(
            f"step {step.index:>3}  {state:<5}  tokens {tokens}  ${step.assistant.cost_usd:.4f}  "
            f"{row[5]:.1f} s  {' | '.join(calls)}"
        )

    def _print(self, line: str) -> None:
        # Written as is: no markup, no highlighting, no wrapping (a log line stays one line).
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def _footer(self) -> str:
        elapsed = time.monotonic() - self.started
        return (
            f"steps {len(self.rows)}/{self.budget.steps}   cost ${self.cost:.4f}/${self.budget.cost_usd:.2f}   "
            f"time {elapsed:.0f}/{self.budget.wall_s:.0f} s"
        )

    def _render(self) -> Group:
        table = Table(title=self.title, title_justify="left", expand=True)
        table.add_column("step", justify="right", width=5)
        table.add_column("tool calls", overflow="fold")
        table.add_column("state", width=5)
        table.add_column("tokens", justify="right", width=13)
        table.add_column("cost $", justify="right", width=9)
        table.add_column("s", justify="right", width=6)
        for index, calls, state, tokens, cost, seconds in self.rows[-SHOWN_STEPS:]:
            shown = "[red]error[/]" if state == "error" else "ok"
            table.add_row(str(index), Text(calls), shown, tokens, f"{cost:.4f}", f"{seconds:.1f}")
        return Group(table, Text(self._footer()))
