"""Reading a trajectory: in the terminal, or as one self-contained HTML page."""

from __future__ import annotations

import html
import json

from rich.console import Console
from rich.panel import Panel

from agent.live import describe_call
from agent.render_configuration import configuration_lines
from agent.trajectory import Trajectory

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


def print_trajectory(trajectory: Trajectory, console: Console) -> None:
    console.print(Panel(_header(trajectory), title="cagent trajectory", title_align="left"))
    configuration = "\n".join(configuration_lines(trajectory))
    console.print(Panel(configuration, title="configuration", title_align="left"), markup=False, highlight=False)
    for step in trajectory.steps:
        console.rule(f"step {step.index}" + ("  (history condensed)" if step.condensed else ""), align="left")
        if step.assistant.content:
            console.print(step.assistant.content.strip(), style="italic", markup=False, highlight=False)
        for observation in step.observations:
            style = "bold red" if observation.is_error else "bold cyan"
            console.print(f"$ {describe_call(observation.tool, observation.arguments)}", style=style, markup=False)
            console.print(_clip(observation.output), markup=False, highlight=False)


PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>cagent {run_id}</title><style>
body{{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}}
pre{{background:#f6f8fa;padding:.6rem;overflow-x:auto;white-space:pre-wrap;border-radius:4px}}
.step{{border-top:1px solid #ddd;margin-top:1rem}} .call{{font-weight:600;color:#0550ae}}
.error{{color:#cf222e}} .thought{{font-style:italic}} details summary{{cursor:pointer}}
</style></head><body><h1>cagent run {run_id}</h1><pre>{header}</pre>
<h2>configuration</h2><pre class="configuration">{configuration}</pre>{steps}</body></html>"""


def trajectory_html(trajectory: Trajectory) -> str:
    parts = []
    for step in trajectory.steps:
        body = [f"<h3>step {step.index}{' (history condensed)' if step.condensed else ''}</h3>"]
        if step.assistant.content:
            body.append(f"<p class='thought'>{html.escape(step.assistant.content)}</p>")
        for obs in step.observations:
            css = "call error" if obs.is_error else "call"
            arguments = obs.arguments if isinstance(obs.arguments, str) else json.dumps(obs.arguments, indent=1)
            body.append(f"<div class='{css}'>{html.escape(describe_call(obs.tool, obs.arguments))}</div>")
            body.append(f"<details><summary>arguments</summary><pre>{html.escape(arguments)}</pre></details>")
            body.append(f"<pre>{html.escape(obs.output)}</pre>")
        parts.append(f"<section class='step'>{''.join(body)}</section>")
    header = html.escape(_header(trajectory))
    configuration = html.escape("\n".join(configuration_lines(trajectory)))
    return PAGE.format(
        run_id=html.escape(trajectory.run_id), header=header, configuration=configuration, steps="".join(parts)
    )
