"""The planner's entry points: a plan from an extraction and a contract, its checklist, its file."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from planners.extraction.result import Extraction
from planners.planning.default import default_plan
from planners.planning.model import ConstraintPlan
from planners.planning.refine import Refiner, refine
from prompts.render import render
from tools.atomic import write_atomic

_FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)


def make_plan(
    extraction: Extraction, contract: dict[str, Any] | None, *, ask: Refiner | None = None, planner: str | None = None
) -> ConstraintPlan:
    """The default plan, refined by `ask` (the planner model) when there is one."""
    plan = default_plan(extraction.constraints, contract, extraction)
    return plan if ask is None else refine(plan, ask, planner=planner)


def checklist(plan: ConstraintPlan) -> str:
    """The plan as the short checklist that goes into the task prompt."""
    return render("plan_checklist.md.j2", plan=plan.as_json())


def save_plan(plan: ConstraintPlan, path: Path) -> None:
    write_atomic(path, json.dumps(plan.as_json(), indent=2) + "\n")


def contract_in_text(text: str) -> dict[str, Any] | None:
    """The OpenAPI document a task embeds in a fenced block, as the published prompts do (None without one)."""
    for match in _FENCE.finditer(text):
        try:
            document = yaml.safe_load(match.group(2))
        except yaml.YAMLError:
            continue
        if isinstance(document, dict) and "openapi" in document and isinstance(document.get("paths"), dict):
            return document
    return None
