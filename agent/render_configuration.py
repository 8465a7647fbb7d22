"""A run's configuration (the trajectory header) as lines of text, for `cagent show` and its HTML page."""

from __future__ import annotations

from typing import Any

from agent.trajectory import Trajectory


def _settings(settings: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in settings.items() if value is not None)


def configuration_lines(trajectory: Trajectory) -> list[str]:
    """One line per section; a trajectory of the first format says that it records none."""
    config = trajectory.configuration
    if config is None:
        return [f"configuration not recorded ({trajectory.format})"]
    source = config.source
    mitigations = config.mitigations.model_dump()
    on = [name for name, enabled in mitigations.items() if enabled]
    off = [name for name, enabled in mitigations.items() if not enabled]
    model = config.model
    versions = config.versions
    budget = config.budget
    lines = [
        f"source       {source.kind} {source.path or '(given as text)'} sha256 {source.sha256[:12]}"
        if source
        else "source       not recorded",
        f"budget       steps {budget.steps}, cost ${budget.cost_usd:.2f}, wall {budget.wall_s:.0f} s",
        f"loop         {_settings(config.loop.model_dump())}",
        f"sandbox      {config.sandbox}, isolation {config.isolation.used} (requested {config.isolation.requested})",
        f"tools        {' '.join(t.name for t in config.tools)} (schemas sha256 {config.tools_sha256[:12]})",
        f"mitigations  on: {' '.join(on) or 'none'}" + (f"; off: {' '.join(off)}" if off else ""),
        f"model        {model.name} ({model.kind}), context window {model.context_window or 'unknown'}"
        + (f", {_settings(model.settings)}" if _settings(model.settings) else ""),
        f"versions     cagent {versions.cagent or 'unknown'}, Python {versions.python}, "
        f"Node {versions.node or 'absent'}",
    ]
    for number, segment in enumerate(trajectory.segments[1:], start=2):
        changed = f", changed: {', '.join(segment.changed)}" if segment.changed else ", same configuration"
        lines.append(f"resumed      segment {number} at step {segment.first_step + 1}{changed}")
    return lines
