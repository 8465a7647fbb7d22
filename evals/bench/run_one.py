"""One run of a sweep, start to finish: fresh workspace, the scaffold, its diff, the evaluation, the document.

The same function runs in a local worker process and as a Ray task; it writes only inside its run
folder and returns the document, which the sweep's driver alone writes to the store.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from agent.spec import Mitigations
from evals.bench.infra import infra_reason
from evals.bench.matrix import PlannedRun
from evals.classify import classify
from evals.classify.formats.eval_result import record_of
from evals.results import EvalResult, StartupInfo
from evals.runner import EvalOptions, evaluate
from evals.scaffolds.base import ScaffoldLimits, ScaffoldOutcome, ScaffoldRequest, ScaffoldUnavailable
from evals.scaffolds.registry import make_scaffold
from evals.scaffolds.workspace import collect_diff, prepare_workspace
from evals.suites.registry import load_suite
from planners.constraints import ConstraintSet
from tools.apps import WorkspaceError
from tools.components import split_options
from tools.databases import DatabaseUnavailable, open_provider
from tools.environment_failure import EnvironmentFailure
from tools.isolation.mode import resolve_isolation

DOCUMENT_FORMAT = "cagent-bench-run/1"
_CLASSIFIER_STATUS = {"submitted": "submitted", "limits": "budget_exhausted", "error": "error"}


class RunSettings(BaseModel):
    """What every run of a sweep shares."""

    model_config = ConfigDict(extra="forbid")

    limits: ScaffoldLimits = ScaffoldLimits()
    api_base: str | None = None
    api_key: str | None = None
    suite: str = "postman-v1"
    isolation: str | None = None


class RunSpec(BaseModel):
    planned: PlannedRun
    settings: RunSettings = Field(default_factory=RunSettings)
    run_dir: Path


def _unstartable(spec: RunSpec, workspace: Path, reason: str) -> EvalResult:
    """The result of a workspace with nothing to start (an empty answer): zero, classified like any other."""
    task = spec.planned.task
    result = EvalResult(
        workspace=str(workspace), database=task.constraints.database, task=task.name,
        scaffold=spec.planned.key.scaffold,
        model=spec.planned.key.model, trial=spec.planned.key.trial,
        startup=StartupInfo(reason="nothing_to_start", detail=reason),
    )  # fmt: skip
    result.failure = classify(record_of(result))
    return result


def _own_way(task: Any) -> dict[str, Any]:
    """An imported task's own setup and run commands, fixed port, health check and base URL."""
    return {
        "run_cmds": task.run_cmds, "port": task.port, "setup_cmds": task.setup_cmds, "health_path": task.health_check,
        "api_base": task.base_url,
    }  # fmt: skip


def _evaluate(spec: RunSpec, workspace: Path, outcome: ScaffoldOutcome) -> EvalResult:
    task = spec.planned.task
    kind = {"postgresql": "postgres", "sqlite": "sqlite"}.get(task.constraints.database, "postgres")
    constraints = ConstraintSet(framework=task.framework, **task.constraints.model_dump())
    options = EvalOptions(
        constraints=constraints, task=task.name, scaffold=spec.planned.key.scaffold, model=spec.planned.key.model,
        trial=spec.planned.key.trial, isolation=resolve_isolation(spec.settings.isolation),
        # An imported task is run its own way: its setup and run commands, on its fixed port, at its base URL.
        **({} if task.source == "cagent" else _own_way(task)),
    )  # fmt: skip
    suites = [load_suite(name) for name in spec.settings.suite.split("+")]
    provider = open_provider(kind)
    try:
        result = evaluate(workspace, suites, provider, options)
    except WorkspaceError as exc:
        return _unstartable(spec, workspace, str(exc))
    finally:
        if provider is not None:
            provider.close()
    if not result.all_passed and outcome.status in _CLASSIFIER_STATUS:
        result.failure = classify(record_of(result, exit_status=_CLASSIFIER_STATUS[outcome.status]))
    return result


def execute_run(spec: RunSpec) -> dict[str, Any]:
    """Run one (task, scaffold, model, config, trial) and return its document; never raises for a failed run."""
    planned, started = spec.planned, time.monotonic()
    shutil.rmtree(spec.run_dir, ignore_errors=True)  # a run started again starts from nothing
    spec.run_dir.mkdir(parents=True)
    name, options = split_options(planned.scaffold)
    request = ScaffoldRequest(
        task=planned.task, run_dir=spec.run_dir, model=None if planned.key.model == "-" else planned.key.model,
        api_base=spec.settings.api_base, api_key=spec.settings.api_key, limits=spec.settings.limits,
        mitigations=planned.mitigations or Mitigations(),
        isolation=spec.settings.isolation, options=options,
    )  # fmt: skip
    outcome: ScaffoldOutcome | None = None
    result: EvalResult | None = None
    error: str | None = None
    timings: dict[str, float] = {}
    try:
        isolation = resolve_isolation(spec.settings.isolation)
        base = prepare_workspace(planned.task, request.workspace, isolation)
        mark = time.monotonic()
        outcome = make_scaffold(name).run(request)
        timings["scaffold_s"] = round(time.monotonic() - mark, 3)
        outcome.base_commit = base
        diff_path = spec.run_dir / "diff.patch"
        outcome.diff_files, outcome.diff_lines = collect_diff(request.workspace, base, diff_path, isolation)
        outcome.diff_path = str(diff_path)
        if outcome.status != "interrupted":
            mark = time.monotonic()
            result = _evaluate(spec, request.workspace, outcome)
            timings["eval_s"] = round(time.monotonic() - mark, 3)
    except (ScaffoldUnavailable, DatabaseUnavailable, EnvironmentFailure) as exc:
        error = str(getattr(exc, "reason", None) or exc)
    except ValueError as exc:  # a task whose starting point cannot be made (its patch does not apply)
        error = str(exc)
    except KeyboardInterrupt:  # stopped by the sweep (cost cap) or the user: recorded, run again on --resume
        outcome = (outcome or ScaffoldOutcome(scaffold=name, status="interrupted")).model_copy(
            update={"status": "interrupted", "reason": "stopped before the run ended"}
        )
        result = None
    timings["run_s"] = round(time.monotonic() - started, 3)
    return build_document(spec, outcome, result, error, timings)


def build_document(
    spec: RunSpec, outcome: ScaffoldOutcome | None, result: EvalResult | None, error: str | None,
    timings: dict[str, float],
) -> dict[str, Any]:  # fmt: skip
    planned = spec.planned
    infra = infra_reason(outcome, result, error)
    stopped = outcome is not None and outcome.status == "interrupted"
    status = "infra_error" if infra else "stopped" if stopped else "done"
    evaluation = result.model_dump(mode="json", by_alias=True) if result is not None else None
    harness_s = max(0.0, timings.get("run_s", 0.0) - timings.get("scaffold_s", 0.0))
    summary = {
        "a_pct": result.a_pct if result else None,
        "strict_a_pct": result.strict_a_pct if result else None,
        "pass": result.all_passed if result else None,
        "exit_status": outcome.status if outcome else None,
        "failure": result.failure.category if result and result.failure else None,
        "subcategory": result.failure.subcategory if result and result.failure else None,
        "prompt_tokens": outcome.prompt_tokens if outcome else 0,
        "completion_tokens": outcome.completion_tokens if outcome else 0,
        "cost_usd": outcome.cost_usd if outcome else 0.0,
        "wall_s": timings.get("run_s", 0.0),
        "harness_s": round(harness_s, 3),
    }
    return {
        "format": DOCUMENT_FORMAT,
        "key": planned.key.model_dump(),
        "task": planned.task.summary(),
        "mitigations": planned.mitigations.model_dump(by_alias=True) if planned.mitigations else None,
        "status": status,
        "infra_reason": infra,
        "summary": summary,
        "timings": timings,
        "scaffold": outcome.model_dump(mode="json") if outcome else None,
        "evaluation": evaluation,
        "run_dir": str(spec.run_dir),
    }
