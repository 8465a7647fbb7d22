"""The 80 greenfield tasks of the published design: 8 frameworks x 10 constraint variants.

L0 unconstrained; L1 clean architecture | sqlite | postgres; L2 CA+sqlite, CA+postgres, sqlite+ORM,
postgres+ORM; L3 CA+sqlite+ORM, CA+postgres+ORM. The ORM is SQLAlchemy for every Python framework
(Django included, as published) and Sequelize for Node. Names follow the published files
(`flask-openapi-clean_architecture-postgres-sqlalchemy`); prompts are rendered from the template and
arguments `cagent solve` uses for a spec, so a task and its spec give the model the same words.
"""

from __future__ import annotations

import functools
from pathlib import Path

from agent.spec import Constraints, TaskSpec
from evals.tasks.model import BenchTask, constraint_tokens
from planners.constraints.model import FRAMEWORKS
from planners.contracts import contract_path
from prompts.render import render

ORM_OF = {"python": "sqlalchemy", "node": "sequelize"}
PORT_OF = {"python": 8080, "node": 3000}
# (architecture, database, with the language's ORM) in the published order of variants.
VARIANTS: tuple[tuple[str, str, bool], ...] = (
    ("none", "none", False),
    ("clean", "none", False),
    ("none", "sqlite", False),
    ("none", "postgresql", False),
    ("clean", "sqlite", False),
    ("clean", "postgresql", False),
    ("none", "sqlite", True),
    ("none", "postgresql", True),
    ("clean", "sqlite", True),
    ("clean", "postgresql", True),
)


def task_name(framework: str, constraints: Constraints) -> str:
    return f"{framework}-openapi-{'-'.join(constraint_tokens(constraints)) or 'unconstrained'}"


def spec_of(task: BenchTask, workdir: Path) -> TaskSpec:
    """The spec `cagent solve` would run for a greenfield task (its prompt is the task's prompt)."""
    return TaskSpec(name=task.name, framework=task.framework, constraints=task.constraints, workdir=workdir)


@functools.cache
def _contract_text() -> str:
    return contract_path("conduit").read_text()


def _prompt(framework: str, language: str, constraints: Constraints) -> str:
    return render(
        "task_greenfield.md.j2", contract_text=_contract_text(), framework=framework, language=language,
        architecture=constraints.architecture, database=constraints.database, orm=constraints.orm,
    )  # fmt: skip


@functools.cache
def greenfield_tasks() -> tuple[BenchTask, ...]:
    tasks = []
    for framework, language in FRAMEWORKS.items():
        for architecture, database, with_orm in VARIANTS:
            orm = ORM_OF[language] if with_orm else "none"
            constraints = Constraints(architecture=architecture, database=database, orm=orm)  # type: ignore[arg-type]
            name = task_name(framework, constraints)
            described = "+".join(constraint_tokens(constraints)) or "unconstrained"
            task = BenchTask(
                name=name, kind="greenfield", framework=framework, language=language, constraints=constraints,
                prompt=_prompt(framework, language, constraints), port=PORT_OF[language],
                description=f"Conduit backend in {framework}, {described}",
            )  # fmt: skip
            tasks.append(task)
    return tuple(tasks)
