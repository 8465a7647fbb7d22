"""Several runs side by side (`cagent show RUN_A RUN_B`, or a bench directory): one row per run with its score."""

from __future__ import annotations

import os
from typing import Any

from rich.table import Table

from agent.viewer.page import document
from agent.viewer.record import RunView
from agent.viewer.sections import esc, score_badge

COLUMNS = ("run", "task", "model", "mitigations", "status", "steps", "tokens", "cost $", "wall s", "A%", "strict A%",
           "compliant", "failure")  # fmt: skip


def _mitigations(view: RunView) -> str:
    config = view.trajectory.configuration
    if config is None:
        return "?"
    on = [name for name, enabled in config.mitigations.model_dump(by_alias=True).items() if enabled]
    return ",".join(on) or "none"


def labels(views: list[RunView]) -> list[str]:
    """Each run's folder relative to the folder holding them all (a bench directory's layout stays readable)."""
    parents = [str(view.folder.resolve().parent) for view in views]
    common = os.path.commonpath(parents) if parents else ""
    return [os.path.relpath(view.folder.resolve(), common) for view in views]


def row(view: RunView, label: str) -> list[str]:
    """The cells of one run, in the order of COLUMNS ("-" where the run was not scored)."""
    t = view.trajectory
    s: dict[str, Any] = view.score or {}
    scored = view.score is not None
    compliance = s.get("compliance")
    failure = (s.get("failure") or {}).get("category") if scored else None
    return [
        label, view.name, t.model, _mitigations(view), t.status, str(t.totals.steps),
        f"{t.totals.prompt_tokens}+{t.totals.completion_tokens}", f"{t.totals.cost_usd:.4f}", f"{t.totals.wall_s:.0f}",
        f"{s.get('a_pct', 0):.1f}" if scored else "-",
        f"{s.get('strict_a_pct', 0):.1f}" if scored and compliance is not None else "-",
        ("yes" if compliance.get("compliant") else "no") if compliance is not None else "-",
        failure or ("-" if not scored or s.get("pass") else "?"),
    ]  # fmt: skip


def table(views: list[RunView]) -> Table:
    grid = Table(title=f"{len(views)} runs", title_justify="left")
    for column in COLUMNS:
        grid.add_column(
            column, justify="right" if column in ("steps", "cost $", "wall s", "A%", "strict A%") else "left"
        )
    for view, label in zip(views, labels(views), strict=True):
        grid.add_row(*row(view, label))
    return grid


def compare_page(views: list[RunView]) -> str:
    header = "".join(f"<th>{esc(c)}</th>" for c in COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{esc(cell)}</td>" for cell in row(view, label)) + f"<td>{score_badge(view.score)}</td>"
        "</tr>"
        for view, label in zip(views, labels(views), strict=True)
    )
    scored = [v.score for v in views if v.score is not None]
    mean = sum(float(s.get("a_pct", 0)) for s in scored) / len(scored) if scored else None
    mean_line = f"<p>mean A% over {len(scored)} scored runs: {mean:.1f}</p>" if mean is not None else ""
    main = (
        f"<h1>{len(views)} runs side by side</h1>{mean_line}"
        "<input id='search' class='filter' type='search' placeholder='filter runs' autocomplete='off'> "
        "<span id='count'></span>"
        f"<table class='grid' id='runs'><tr>{header}<th></th></tr>{body}</table>"
        "<p class=muted><code>cagent show RUN --html FILE</code> opens one run with its steps.</p>"
    )
    return document("cagent runs", "", main, script=FILTER)


FILTER = """
const box = document.getElementById('search'), count = document.getElementById('count');
const rows = [...document.querySelectorAll('#runs tr')].slice(1);
box.addEventListener('input', () => {
  const query = box.value.trim().toLowerCase();
  let shown = 0;
  for (const row of rows) { const hit = row.textContent.toLowerCase().includes(query);
    row.style.display = hit ? '' : 'none'; shown += hit; }
  count.textContent = shown + ' of ' + rows.length + ' runs';
});
"""
