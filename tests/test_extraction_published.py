"""Extraction gives back the constraints of each of the 80 greenfield prompts of the published design.

The prompts are rendered from the project's own template (8 frameworks x 10 variants: L0, the three L1,
the four L2 and the two L3 combinations), with the Conduit contract embedded as the published prompts do.
"""

from __future__ import annotations

import pytest

from evals.tasks.greenfield import ORM_OF, VARIANTS  # the paper's ten variants per framework
from planners.constraints.model import FRAMEWORKS
from planners.contracts import contract_path
from planners.extraction import extract
from prompts.render import render

TASKS = [
    (framework, architecture, database, ORM_OF[language] if orm else "none")
    for framework, language in FRAMEWORKS.items()
    for architecture, database, orm in VARIANTS
]
CONTRACT = contract_path().read_text()


def test_the_design_has_eighty_tasks() -> None:
    assert len(set(TASKS)) == 80


@pytest.mark.parametrize(("framework", "architecture", "database", "orm"), TASKS)
def test_published_prompt(framework: str, architecture: str, database: str, orm: str) -> None:
    prompt = render("task_greenfield.md.j2", contract_text=CONTRACT, framework=framework,
                    language=FRAMEWORKS[framework], architecture=architecture, database=database, orm=orm)  # fmt: skip
    extraction = extract(prompt)
    got = extraction.constraints
    assert (got.framework, got.architecture, got.database, got.orm) == (framework, architecture, database, orm)
    decisions = extraction.decisions
    assert decisions["framework"].how == "stated" and "framework" in (decisions["framework"].phrase or "")
    for field, value in (("architecture", architecture), ("database", database), ("orm", orm)):
        if value == "none":
            assert decisions[field].how == "default" and decisions[field].phrase is None
        else:  # the deciding phrase is a sentence of the prompt itself
            phrase = decisions[field].phrase or ""
            assert decisions[field].how == "stated" and phrase and phrase.split()[0] in prompt
