"""PNG figures (matplotlib, no display needed): the L0->L3 decay, the framework leaderboard, the ablation."""

from __future__ import annotations

from pathlib import Path

from evals.reporting.tables import LEVELS, Table


def _pyplot():  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def decay_figure(levels: Table, out: Path) -> Path | None:
    if not levels.rows:
        return None
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(7, 4))
    for row in levels.rows:
        points = [(level, cell["strict"]) for level, cell in zip(LEVELS, row[1:5], strict=True) if cell]
        if points:
            axis.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=row[0])
    axis.set_xticks(list(LEVELS), [f"L{level}" for level in LEVELS])
    axis.set_ylim(0, 100)
    axis.set_ylabel("strict A% (mean)")
    axis.set_title("Constraint decay: strict A% by level")
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    path = out / "decay_by_level.png"
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def framework_figure(frameworks: Table, out: Path) -> Path | None:
    if not frameworks.rows:
        return None
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(7, 3.6))
    names = [row[0] for row in frameworks.rows]
    axis.bar(names, [row[2] for row in frameworks.rows], color="#4c72b0")
    axis.set_ylim(0, 100)
    axis.set_ylabel("strict A% (mean)")
    axis.set_title("Framework leaderboard")
    axis.grid(axis="y", alpha=0.3)
    path = out / "framework_leaderboard.png"
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path


def ablation_figure(ablation: Table, out: Path) -> Path | None:
    rows = [row for row in ablation.rows if isinstance(row[3], dict)]
    if not rows:
        return None
    plt = _pyplot()
    figure, axis = plt.subplots(figsize=(7, 3.6))
    means = [row[3]["mean"] for row in rows]
    errors = [[m - row[3]["low"] for m, row in zip(means, rows, strict=True)],
              [row[3]["high"] - m for m, row in zip(means, rows, strict=True)]]  # fmt: skip
    axis.bar([row[0] for row in rows], means, yerr=errors, capsize=4, color="#dd8452")
    axis.axhline(0, color="black", linewidth=0.8)
    axis.set_ylabel("delta strict A% vs all-on")
    axis.set_title("Ablation (95% bootstrap CI)")
    path = out / "ablation.png"
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return path
