"""The `none` scaffold: no model at all. An empty workspace, or a bundled reference backend where its stack
matches the task, to calibrate the harness (what an empty answer and a full answer score)."""

from __future__ import annotations

import shutil
import time

from evals.references import reference_names, reference_path
from evals.scaffolds.base import ScaffoldOutcome, ScaffoldRequest
from evals.tasks.model import BenchTask

# The stack of each bundled reference: framework, architecture, the databases it serves, ORM.
REFERENCE_STACKS: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "flask-clean-sqlalchemy": ("flask", "clean", ("sqlite", "postgresql"), "sqlalchemy"),
    # One variant per driver (a task's database must not ship the other's); PostgreSQL first, as the
    # harness gives a task with no database constraint a PostgreSQL database.
    "fastify-plain-driver/postgres": ("fastify", "none", ("postgresql",), "none"),
    "fastify-plain-driver/sqlite": ("fastify", "none", ("sqlite",), "none"),
    "express-clean-sequelize/postgres": ("express", "clean", ("postgresql",), "sequelize"),
    "express-clean-sequelize/sqlite": ("express", "clean", ("sqlite",), "sequelize"),
}


def matching_reference(task: BenchTask) -> str | None:
    """A bundled reference that obeys every constraint of `task`, if there is one."""
    for name, (framework, architecture, databases, orm) in REFERENCE_STACKS.items():
        wanted = task.constraints
        if framework != task.framework or name not in reference_names():
            continue
        if wanted.architecture not in ("none", architecture) or wanted.orm not in ("none", orm):
            continue
        if wanted.database == "none" or wanted.database in databases:
            return name
    return None


class NoneScaffold:
    """`reference=auto` (default): the matching reference, else empty; `reference=empty` or a reference name."""

    name = "none"
    needs_model = False

    def run(self, request: ScaffoldRequest) -> ScaffoldOutcome:
        started = time.monotonic()
        choice = str(request.options.get("reference", "auto"))
        name = matching_reference(request.task) if choice == "auto" else None if choice == "empty" else choice
        if name is not None:
            source = reference_path(name)
            shutil.copytree(source, request.workspace, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", "node_modules"))  # fmt: skip
        reason = f"reference backend {name}" if name else "empty workspace"
        return ScaffoldOutcome(
            scaffold=self.name, status="submitted", raw_status=name or "empty", reason=reason,
            wall_s=round(time.monotonic() - started, 3),
        )  # fmt: skip
