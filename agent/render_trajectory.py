"""Reading a run in the terminal: summary, score, configuration, final diff, then every step.

The HTML page is agent.viewer's; both read the run through agent.viewer.record.
"""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

from agent.live import describe_call
from agent.render_configuration import configuration_lines
from agent.trajectory import Trajectory
from agent.viewer.ansi import strip_ansi
from agent.viewer.record import RunView
from agent.viewer.sections import step_meta

OUTPUT_LINES = 25


def _clip(text: str, lines: int = OUTPUT_LINES) -> str:
    rows = text.splitlines()
    return text if len(rows) <= lines else "\n".join([*rows[:lines], f"[... {len(rows) - lines} more lines]"])


def _header(trajectory: Trajectory) -> str:
    t = trajectory.totals
    reason = trajectory.exit.reason if trajectory.exit else ""
    return (
        f"run {trajectory.run_id}  model {trajectory.model}  status {trajectory.status} {reason}\n"
        f"steps {t.steps}  tokens {t.prompt_tokens}+{t.completion_tokens}  "
        f"cost ${t.cost_usd:.4f}  wall {t.wall_s:.1f} s"
    )


def _score_line(view: RunView) -> str:
    score = view.score
    if score is None:
        return f"not scored (cagent eval {view.folder} scores it)"
    compliance = score.get("compliance")
    strict = f", strict A% {score.get('strict_a_pct', 0):.1f}" if compliance is not None else ""
    compliant = "" if compliance is None else ", compliant" if compliance.get("compliant") else ", not compliant"
    failure = (score.get("failure") or {}).get("category")
    return (
        f"{'PASS' if score.get('pass') else 'FAIL'}  {score.get('passed')}/{score.get('total')} assertions "
        f"(A% {score.get('a_pct', 0):.1f}{strict}{compliant})" + (f"  failure: {failure}" if failure else "")
    )


def _diff_lines(view: RunView) -> list[str]:
    if not view.files:
        return [view.diff_note or "the agent changed no file"]
    return [f"{f.status:<9} +{f.added:<5} -{f.removed:<5} {f.path}" for f in view.files]


def _panel(text: str, title: str) -> Panel:
    return Panel(text, title=title, title_align="left", expand=False)


def print_run(view: RunView, console: Console) -> None:
    trajectory = view.trajectory
    console.print(_panel(f"{_header(trajectory)}\n{_score_line(view)}", view.name), markup=False, highlight=False)
    configuration = "\n".join(configuration_lines(trajectory))
    console.print(_panel(configuration, "configuration"), markup=False, highlight=False)
    console.print(_panel("\n".join(_diff_lines(view)), "final diff"), markup=False, highlight=False)
    for step in trajectory.steps:
        condensed = "  (history condensed)" if step.condensed else ""
        console.rule(f"step {step.index}  {step_meta(step)}{condensed}", align="left")
        if step.assistant.content:
            console.print(step.assistant.content.strip(), style="italic", markup=False, highlight=False)
        for observation in step.observations:
            style = "bold red" if observation.is_error else "bold cyan"
            console.print(f"$ {describe_call(observation.tool, observation.arguments)}", style=style, markup=False)
            # Colour codes of logs are shown as colours, never as escape sequences.
            console.print(Text.from_ansi(_clip(observation.output)), highlight=False)
            for attachment in observation.attachments:
                console.print(f"[attached by {attachment.source}: {attachment.reason}]", style="magenta",
                              markup=False)  # fmt: skip
                console.print(strip_ansi(_clip(attachment.text, 8)), markup=False, highlight=False)
