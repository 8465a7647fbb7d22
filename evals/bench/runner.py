"""The sweep's driver: fills the executor's slots from the store's pending runs, records each document as it
arrives, and holds the cost cap (no run starts past it; running ones are stopped at their next step)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pydantic import BaseModel

from evals.bench.executors import Executor, LocalExecutor, RayExecutor
from evals.bench.matrix import PlannedRun
from evals.bench.run_one import RunSettings, RunSpec
from evals.bench.store import RunStore
from evals.bench.view import SweepView
from tools.databases import DatabaseProvider, open_provider

POLL_S = 0.2
STOP_GRACE_S = 60.0  # how long stopped runs get to write their documents when the sweep ends early


class SweepOptions(BaseModel):
    workers: int = 2
    executor: str = "local"
    ray_address: str | None = None
    cost_cap_usd: float | None = None
    run_timeout_s: float = 5400.0


class SweepSummary(BaseModel):
    counts: dict[str, int]
    spent_usd: float
    capped: bool
    interrupted: bool = False


def _shared_postgres(planned: list[PlannedRun]) -> tuple[DatabaseProvider | None, dict[str, str]]:
    """One PostgreSQL server for every worker (each run gets its own database and role on it)."""
    if os.environ.get("CAGENT_PG_ADMIN_URL") or not any(p.task.constraints.database == "postgresql" for p in planned):
        return None, {}
    provider = open_provider("postgres")
    # The private cluster's admin URL, so workers make their databases on it rather than each starting a server.
    admin = getattr(provider, "_admin", None)
    url = getattr(admin, "admin_url", None)
    return provider, ({"CAGENT_PG_ADMIN_URL": url} if url else {})


def run_sweep(
    store: RunStore, planned: list[PlannedRun], settings: RunSettings, options: SweepOptions, bench_dir: Path,
    view: SweepView,
) -> SweepSummary:  # fmt: skip
    by_id = {p.key.id: p for p in planned}
    queue = store.pending(set(by_id))
    provider, env = _shared_postgres([by_id[i] for i in queue])
    executor: Executor | None = None
    capped = interrupted = False
    try:
        if options.executor == "ray":
            executor = RayExecutor(options.workers, env, options.ray_address)
        else:
            executor = LocalExecutor(options.workers, bench_dir / "control", env, options.run_timeout_s)
        with view:
            while executor.running() or (queue and not capped):
                spent = store.spent() + executor.live_cost()
                if options.cost_cap_usd is not None and spent >= options.cost_cap_usd and not capped:
                    capped = True
                    view.note(f"cost cap ${options.cost_cap_usd:.2f} reached (${spent:.2f}): no new run starts, "
                              f"{len(executor.running())} running stopped, {len(queue)} not started")  # fmt: skip
                    for run_id in executor.running():
                        executor.stop(run_id)
                while not capped and queue and executor.free() > 0:
                    run_id = queue.pop(0)
                    run_dir = bench_dir / "runs" / by_id[run_id].key.folder_name
                    store.claim(run_id)
                    executor.submit(run_id, RunSpec(planned=by_id[run_id], settings=settings, run_dir=run_dir))
                for run_id, document in executor.poll():
                    store.finish(run_id, str(document.get("status") or "done"), document)
                    view.finished(document, len(executor.running()), options.workers, store.spent())
                time.sleep(POLL_S)
    except KeyboardInterrupt:
        interrupted = True
        view.note("interrupted: stopping the running runs (they run again with --resume)")
        if executor is not None:
            _drain(executor, store)
    finally:
        if executor is not None:
            executor.close()
        if provider is not None:
            provider.close()
    return SweepSummary(counts=store.statuses(set(by_id)), spent_usd=store.spent(), capped=capped,
                        interrupted=interrupted)  # fmt: skip


def _drain(executor: Executor, store: RunStore) -> None:
    """Ask every running run to stop and record the documents that arrive within the grace period."""
    for run_id in executor.running():
        executor.stop(run_id)
    deadline = time.monotonic() + STOP_GRACE_S
    while executor.running() and time.monotonic() < deadline:
        try:
            for run_id, document in executor.poll():
                store.finish(run_id, str(document.get("status") or "stopped"), document)
            time.sleep(POLL_S)
        except KeyboardInterrupt:
            return  # a second Ctrl-C: leave them `running`; --resume runs them again
