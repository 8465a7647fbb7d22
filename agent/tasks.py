"""Turning what the user gave (a spec, a free-text prompt) into a RunPlan."""

from __future__ import annotations

from pathlib import Path

from agent.budget import Budget
from agent.session import RunPlan
from agent.spec import TaskSpec
from planners.constraints.model import FRAMEWORKS
from prompts.render import render


def plan_from_spec(spec: TaskSpec, *, resume: bool = False) -> RunPlan:
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
    )


def plan_from_prompt(
    prompt: str, *, workdir: Path, framework: str | None, budget: Budget, workspace: Path | None = None,
    trajectory_dir: Path | None = None, guidance: str | None = None,
) -> RunPlan:  # fmt: skip
    """A free-text task, as other scaffolds take them; `workspace` defaults to `workdir/workspace`."""
    language = FRAMEWORKS.get(framework or "", "unknown")
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
    )
