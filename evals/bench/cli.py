"""`cagent bench`: a sweep of tasks x scaffolds x models x mitigation configs x trials into `runs.db`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from agent.console import console, fail
from evals.bench.executors import ExecutorUnavailable
from evals.bench.matrix import AblationError, expand_ablation, plan_runs
from evals.bench.run_one import RunSettings
from evals.bench.runner import SweepOptions, run_sweep
from evals.bench.store import RunStore
from evals.bench.view import SweepView
from evals.scaffolds.base import ScaffoldLimits
from evals.scaffolds.registry import UnknownScaffold, make_scaffold
from evals.suites.registry import UnknownSuite, load_suite
from evals.tasks.catalog import SelectorError, select_tasks
from tools.components import split_options

INTERRUPTED = 130


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _scaffolds(text: str) -> list[tuple[str, str, bool]]:
    """(name, as given, needs a model); `key=value` parts after a comma are options of the scaffold before them
    (`none,reference=empty,cagent`)."""
    given: list[str] = []
    for part in _split(text):
        if "=" in part and given:
            given[-1] += f",{part}"
        else:
            given.append(part)
    return [(split_options(item)[0], item, make_scaffold(split_options(item)[0]).needs_model) for item in given]


def bench_command(
    scaffold: Annotated[str, typer.Option(help="scaffolds: cagent, mini-swe-agent, openhands, none (comma-separated)")],
    model: Annotated[str | None, typer.Option(help="models, comma-separated (none needs none)")] = None,
    tasks: Annotated[str, typer.Option(help="task selector, e.g. 'level=3 framework=flask,express'")] = "",
    trials: Annotated[int, typer.Option(min=1, help="trials per task and configuration")] = 1,
    ablate: Annotated[str, typer.Option(help="mitigations to ablate: all-on, all-off and leave-one-out")] = "",
    workers: Annotated[int, typer.Option(min=1, help="runs at once")] = 2,
    executor: Annotated[str, typer.Option(help="local (processes) or ray")] = "local",
    ray_address: Annotated[str | None, typer.Option(help="join a Ray cluster (auto, or host:port)")] = None,
    cost_cap: Annotated[float | None, typer.Option(help="stop spending past this many dollars, sweep-wide")] = None,
    out: Annotated[Path, typer.Option(help="the bench directory (runs.db, run folders)")] = Path("bench"),
    resume: Annotated[bool, typer.Option(help="continue the sweep in --out: unfinished runs run again")] = False,
    retry_infra: Annotated[bool, typer.Option(help="with --resume: run the infra_error runs again too")] = False,
    steps: Annotated[int, typer.Option(min=1, help="step limit of every run")] = 150,
    cost_usd: Annotated[float, typer.Option(help="cost limit of every run (dollars)")] = 5.0,
    wall_s: Annotated[float, typer.Option(help="wall-clock limit of every scaffold run (seconds)")] = 3600.0,
    api_base: Annotated[str | None, typer.Option(help="OpenAI-compatible server for every scaffold")] = None,
    api_key: Annotated[str | None, typer.Option(help="API key for --api-base")] = None,
    suite: Annotated[
        str, typer.Option(help="suites scoring runs: postman-v1, hurl-v2, or both joined by +")
    ] = "postman-v1",
    isolation: Annotated[str | None, typer.Option(help="auto, bwrap or none (scaffolds and apps)")] = None,
) -> None:
    """Run a sweep: every run is written to OUT/runs.db as it ends; kill it at any time and --resume."""
    if executor not in ("local", "ray"):
        raise fail(f"--executor {executor}: choose local or ray")
    if retry_infra and not resume:
        raise fail("--retry-infra goes with --resume (it re-runs the infra_error runs of an existing sweep)")
    try:
        chosen_tasks = select_tasks(tasks)
        scaffolds = _scaffolds(scaffold)
        configs = expand_ablation(_split(ablate))
        for name in suite.split("+"):
            load_suite(name)
        limits = ScaffoldLimits(steps=steps, cost_usd=cost_usd, wall_s=wall_s)
    except (SelectorError, UnknownScaffold, AblationError, UnknownSuite) as exc:
        raise fail(str(exc)) from None
    except ValidationError as exc:
        raise fail(f"limits: {exc.errors()[0]['msg']}") from None
    if not chosen_tasks:
        raise fail(f"no task matches {tasks!r}; `cagent tasks list` shows them")
    models = _split(model or "")
    if any(needs for _, _, needs in scaffolds) and not models:
        raise fail("--model is needed for " + ", ".join(n for n, _, needs in scaffolds if needs))
    if ablate and not any(name == "cagent" for name, _, _ in scaffolds):
        raise fail("--ablate applies to the cagent scaffold only")
    planned = plan_runs(chosen_tasks, scaffolds, models, configs, trials)
    store_path = out / "runs.db"
    if store_path.exists() and not resume and RunStore(store_path).count():
        raise fail(f"{out} already holds a sweep: --resume continues it, or choose another --out")
    store = RunStore(store_path)
    added = store.add(planned)
    requeued = store.requeue(infra=retry_infra) if resume else 0
    settings = RunSettings(limits=limits, api_base=api_base, api_key=api_key, suite=suite, isolation=isolation)
    options = SweepOptions(workers=workers, executor=executor, ray_address=ray_address, cost_cap_usd=cost_cap,
                           run_timeout_s=wall_s + 1800)  # fmt: skip
    counts = store.statuses({p.key.id for p in planned})
    console.print(f"sweep of {len(planned)} runs into {store_path}: {added} new, {requeued} to run again, "
                  f"{counts['pending']} to run", highlight=False)  # fmt: skip
    view = SweepView(console, len(planned), len(planned) - counts["pending"])
    try:
        summary = run_sweep(store, planned, settings, options, out, view)
    except ExecutorUnavailable as exc:
        raise fail(str(exc)) from None
    counts = summary.counts
    console.print(f"{counts['done']} done, {counts['infra_error']} infra_error, {counts['stopped']} stopped, "
                  f"{counts['pending'] + counts['running']} not run; ${summary.spent_usd:.2f} spent"
                  + ("; cost cap reached" if summary.capped else ""), highlight=False)  # fmt: skip
    console.print(f"report: cagent report {store_path} --out {out / 'report'}", highlight=False)
    if summary.interrupted:
        raise typer.Exit(INTERRUPTED)
