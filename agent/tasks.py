"""Turning what the user gave (a spec, a free-text prompt) into a RunPlan."""

from __future__ import annotations

import json
from pathlib import Path

from agent.budget import Budget
from agent.run_config import TaskSource
from agent.session import RunPlan
from agent.spec import Mitigations, TaskSpec
from planners.constraints.model import FRAMEWORKS, ConstraintSet
from planners.extraction import AmbiguousTask, ExtractionError, extract
from prompts.render import render


def _spec_source(spec: TaskSpec, path: Path | None) -> TaskSource:
    """The spec file's text; a spec given as data is hashed as canonical JSON."""
    if path is not None:
        return TaskSource.of("spec", path.read_text(encoding="utf-8"), path)
    return TaskSource.of("spec", json.dumps(spec.model_dump(mode="json"), sort_keys=True))


def plan_from_spec(spec: TaskSpec, *, resume: bool = False, source: Path | None = None) -> RunPlan:
    """The run `spec` describes; `source` is the spec file it was read from (recorded with its hash)."""
    workdir = spec.workdir
    constraints = spec.constraints
    contract_text = spec.contract_file().read_text()
    if spec.task == "feature":
        prompt = render(
            "task_feature.md.j2", contract_text=contract_text, framework=spec.framework, language=spec.language,
            description=spec.description or "", architecture=constraints.architecture, database=constraints.database,
            orm=constraints.orm,
        )  # fmt: skip
    else:
        prompt = render(
            "task_greenfield.md.j2", contract_text=contract_text, framework=spec.framework, language=spec.language,
            architecture=constraints.architecture, database=constraints.database, orm=constraints.orm,
        )  # fmt: skip
    return RunPlan(
        workspace=workdir / "workspace",
        trajectory_path=workdir / "trajectory.json",
        result_path=workdir / "result.json",
        task_prompt=prompt,
        language=spec.language,
        task_info={"name": spec.name, **spec.model_dump(mode="json", include={"framework", "constraints", "task"})},
        budget=spec.budget,
        database="postgres" if constraints.database == "postgresql" else "sqlite",
        seed_from=spec.repo if spec.task == "feature" else None,
        resume=resume,
        source=_spec_source(spec, source),
        mitigations=spec.mitigations,
        constraints=spec.constraint_set(),
        contract=spec.load_contract(),
        mitigation_options=spec.mitigation_options(),
    )


def plan_from_prompt(
    prompt: str, *, workdir: Path, framework: str | None, budget: Budget, workspace: Path | None = None,
    trajectory_dir: Path | None = None, guidance: str | None = None, source: Path | None = None,
    mitigations: Mitigations | None = None,
) -> RunPlan:  # fmt: skip
    """A free-text task, as other scaffolds take them; `workspace` defaults to `workdir/workspace`.

    `source` is the file the prompt was read from, if any (recorded with the hash of the prompt). The
    mitigations are all on unless `mitigations` says otherwise; the planner extracts the constraints.
    """
    # Absolute: the box that commits the workspace starts elsewhere than the current directory.
    workdir, workspace = workdir.resolve(), workspace.resolve() if workspace else None
    trajectory_dir = trajectory_dir.resolve() if trajectory_dir else None
    switches = mitigations or Mitigations()
    language = FRAMEWORKS.get(framework or "", "unknown")
    stated = _stated_stack(prompt, framework) if switches.plan else None
    database = "sqlite"
    if stated is not None:  # the tools follow what the task plainly asks; the planner records why
        language = stated.language
        database = "postgres" if stated.database == "postgresql" else "sqlite"
    records = trajectory_dir or workdir
    return RunPlan(
        workspace=workspace or workdir / "workspace",
        trajectory_path=records / "trajectory.json",
        result_path=records / "result.json",
        task_prompt=prompt,
        language=language,
        task_info={"name": "free-text", "framework": framework},
        budget=budget,
        system_guidance=guidance,
        source=TaskSource.of("prompt", prompt, source),
        mitigations=switches,
        database=database,
        mitigation_options={"framework": framework} if framework else {},
    )


def _stated_stack(prompt: str, framework: str | None) -> ConstraintSet | None:
    """The stack a free-text task states without ambiguity (no model asked), or None."""
    try:
        return extract(prompt, framework=framework).constraints
    except (AmbiguousTask, ExtractionError):
        return None
