"""The `cagent` scaffold, in process: the agent's own session with the mitigations the run asks for."""

from __future__ import annotations

from agent.budget import Budget
from agent.models import make_model
from agent.models.base import ModelError
from agent.session import RunPlan, run_agent
from agent.tasks import plan_from_prompt, plan_from_spec
from agent.trajectory import Step
from agent.versions import cagent_version
from evals.scaffolds.base import ExitStatus, ScaffoldOutcome, ScaffoldRequest, ScaffoldUnavailable
from evals.scaffolds.progress import ProgressFile
from evals.tasks.greenfield import spec_of
from tools.apps.task_start import TaskStart
from tools.databases import DatabaseUnavailable
from tools.environment_failure import EnvironmentFailure
from tools.isolation.mode import resolve_isolation

_STATUS: dict[str, ExitStatus] = {
    "submitted": "submitted",
    "submitted_unverified": "submitted",
    "budget_exhausted": "limits",
    "interrupted": "interrupted",
    "error": "error",
}


def plan_for(request: ScaffoldRequest) -> RunPlan:
    task = request.task
    budget = Budget(steps=request.limits.steps, cost_usd=request.limits.cost_usd, wall_s=request.limits.wall_s)
    if task.kind == "greenfield" and task.source == "cagent":
        spec = spec_of(task, request.run_dir).model_copy(update={"budget": budget, "mitigations": request.mitigations})
        plan = plan_from_spec(spec)
    else:  # an imported task: its prompt verbatim, as other scaffolds get it
        plan = plan_from_prompt(
            task.prompt, workdir=request.run_dir, framework=task.framework, budget=budget,
            guidance=task.system_guidance,
        )  # fmt: skip
        database = task.constraints.database
        plan.database = "postgres" if database == "postgresql" else "sqlite"
        plan.task_info = {"name": task.name, "framework": task.framework, **task.constraints.model_dump()}
        # The verifier starts and probes the app as the evaluation will: the task's commands, port and base URL.
        start = TaskStart(run_cmds=task.run_cmds, setup_cmds=task.setup_cmds, port=task.port,
                          health_path=task.health_check, api_base=task.base_url)  # fmt: skip
        plan.mitigation_options["task_start"] = start.model_dump()
    plan.mitigations = request.mitigations
    plan.isolation = resolve_isolation(request.isolation)
    return plan


class CagentScaffold:
    name = "cagent"
    needs_model = True

    def run(self, request: ScaffoldRequest) -> ScaffoldOutcome:
        if not request.model:
            raise ScaffoldUnavailable("the cagent scaffold needs --model")
        plan = plan_for(request)
        try:
            model = make_model(request.model, api_base=request.api_base, api_key=request.api_key)
        except (ModelError, ValueError, FileNotFoundError) as exc:
            raise ScaffoldUnavailable(f"model {request.model}: {exc}") from None
        progress = ProgressFile(request.run_dir / "progress.json")

        def on_step(step: Step) -> None:
            progress.add(cost_usd=step.assistant.cost_usd, steps=1)

        try:
            result = run_agent(plan, model, on_step=on_step)
        except (DatabaseUnavailable, EnvironmentFailure) as exc:
            return ScaffoldOutcome(scaffold=self.name, status="infra_error", raw_status="error", reason=str(exc))
        return ScaffoldOutcome(
            scaffold=self.name, status=_STATUS.get(result.status, "error"), raw_status=result.status,
            reason=result.reason, steps=result.steps, prompt_tokens=result.prompt_tokens,
            completion_tokens=result.completion_tokens, cost_usd=result.cost_usd, wall_s=result.wall_s,
            trajectory=result.trajectory, version=cagent_version(),
        )  # fmt: skip
