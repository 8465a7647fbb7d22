"""Render the prompt templates of this package.

Templates are read as package resources (importlib.resources), so rendering works from an installed
wheel as well as from a checkout. StrictUndefined: a variable the caller forgot is an error, never an
empty string silently sent to the model.

Templates and their variables:
- system.md.j2               tools (objects or dicts with name and description), language ("python"|"node")
- task_greenfield.md.j2      contract_text, framework, language, architecture, database, orm
                             ("none" = unconstrained); optional: runtime (label, e.g. "Python 3.12"),
                             startup_s (health-check budget told to the model, default 30)
- task_feature.md.j2         contract_text, framework, language, description; optional: architecture,
                             database, orm (constraints the existing code must keep; default "none")
- condensed_observation.md.j2  tool, chars, preview (may be "")
- malformed_tool_call.md.j2  problem
- judge_failure.md.j2        task, failing (lines), total (or None), server_started (bool or None),
                             exit_status (or None), compliance (lines), log (lines), turns (role, content);
                             the failure judge's prompt (evals.classify.judge)
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import Any

import jinja2

__all__ = ["condensed_note", "malformed_note", "render", "template_names"]

PREVIEW_CHARS = 160


def _load(name: str) -> tuple[str, str | None, Callable[[], bool]] | None:
    if "/" in name or "\\" in name or name.startswith("."):
        return None  # only the templates of this folder
    resource = resources.files(__package__).joinpath(name)
    if not resource.is_file():
        return None
    return resource.read_text(encoding="utf-8"), None, lambda: True


_ENV = jinja2.Environment(
    loader=jinja2.FunctionLoader(_load),
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # prompts are plain text; escaping would corrupt code and YAML
    trim_blocks=True,
    lstrip_blocks=True,
)


def render(template_name: str, **context: Any) -> str:
    """The rendered template, without leading or trailing blank space."""
    return _ENV.get_template(template_name).render(**context).strip()


def template_names() -> list[str]:
    return sorted(e.name for e in resources.files(__package__).iterdir() if e.name.endswith(".j2"))


def condensed_note(output: str, tool: str) -> str:
    """What replaces an old observation when the history is condensed (the loop's CondensedNote)."""
    first = next((line.strip() for line in output.splitlines() if line.strip()), "")
    preview = first if len(first) <= PREVIEW_CHARS else first[:PREVIEW_CHARS] + "..."
    return render("condensed_observation.md.j2", tool=tool, chars=len(output), preview=preview)


def malformed_note(problem: str) -> str:
    """The correction shown after a malformed tool call (the loop's MalformedNote)."""
    return render("malformed_tool_call.md.j2", problem=problem.rstrip(". "))
