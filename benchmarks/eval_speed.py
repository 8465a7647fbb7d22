"""Speed of the evaluation harness, printed as figures (not a timed test).

1. Fresh-database cost on the private PostgreSQL cluster: create (template copy + role) and drop.
2. End-to-end evaluation of the reference backend on PostgreSQL with warm dependency caches, by phase:
   the median of N runs after one warm-up.
3. The built-in postman-v1 suite against the real newman on the same running server, alternating,
   as a ratio measured in this run.

Targets on a 2-core machine: fresh database <= 50 ms, end-to-end <= 3 s, built-in >= 3x faster than newman.
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from evals.oracle.newman import NewmanUnavailable, find_newman
from evals.oracle.suite import NewmanSuite
from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.shared_material import official_postman_collection
from evals.suites.registry import load_suite
from tools.apps import AppLimits, AppProcess, plan_start
from tools.apps.environment import app_environment, new_marker
from tools.apps.install import install_dependencies
from tools.databases import open_provider
from tools.procs.ports import free_port

PHASES = ("install", "database", "startup", "suite", "teardown", "total")


def fresh_database_cost(provider, rounds: int) -> tuple[float, float]:
    creates, drops = [], []
    for _ in range(rounds):
        database = provider.create("bench")
        creates.append(database.create_ms)
        started = time.perf_counter()
        provider.drop(database)
        drops.append((time.perf_counter() - started) * 1000)
    return statistics.median(creates), statistics.median(drops)


def end_to_end(provider, runs: int) -> dict[str, float]:
    suite = load_suite("postman-v1")
    workspace = reference_path()
    first = evaluate(workspace, [suite], provider, EvalOptions())  # warm-up: fills the dependency caches
    assert first.all_passed, f"the reference did not pass: {first.passed}/{first.total}"
    samples = []
    for _ in range(runs):
        result = evaluate(workspace, [suite], provider, EvalOptions())
        assert result.all_passed
        samples.append(result.timings.model_dump())
    return {phase: statistics.median(s[phase] for s in samples) for phase in PHASES}


def builtin_vs_newman(provider, rounds: int) -> tuple[float, float] | None:
    collection = official_postman_collection()
    try:
        find_newman()
    except NewmanUnavailable as exc:
        print(f"skipped builtin-vs-newman: {exc}")
        return None
    if not collection.is_file():
        print(f"skipped builtin-vs-newman: no collection at {collection}")
        return None
    workspace = reference_path()
    plan = plan_start(workspace)
    installed = install_dependencies(workspace, plan.language, 600)
    database = provider.create("bench")
    port = free_port()
    env = app_environment(
        port=port, marker=new_marker(), database_env=database.env, install_env=installed.env,
        jwt_secret=secrets.token_hex(16),
    )  # fmt: skip
    log = Path(tempfile.mkdtemp(prefix="cagent-bench-")) / "server.log"
    builtin, newman = load_suite("postman-v1"), NewmanSuite(collection)
    ours, theirs = [], []
    with AppProcess(plan, env, port, AppLimits(), log) as app:
        app.wait_ready()
        with httpx.Client(base_url=app.base_url, timeout=10) as client:
            for _ in range(rounds):
                for suite, times in ((builtin, ours), (newman, theirs)):
                    started = time.perf_counter()
                    suite.run(client)
                    times.append(time.perf_counter() - started)
    provider.drop(database)
    return statistics.median(ours), statistics.median(theirs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db-rounds", type=int, default=20)
    args = parser.parse_args()
    provider = open_provider("postgres")
    assert provider is not None
    try:
        create_ms, drop_ms = fresh_database_cost(provider, args.db_rounds)
        print(f"fresh database (median of {args.db_rounds}): create {create_ms:.1f} ms, drop {drop_ms:.1f} ms "
              f"[target create <= 50 ms: {'met' if create_ms <= 50 else 'MISSED'}]")  # fmt: skip
        phases = end_to_end(provider, args.runs)
        shown = "  ".join(f"{phase} {phases[phase]:.3f}" for phase in PHASES)
        print(f"end-to-end postman-v1 on PostgreSQL, median of {args.runs} (s): {shown} "
              f"[target total <= 3 s: {'met' if phases['total'] <= 3 else 'MISSED'}]")  # fmt: skip
        compared = builtin_vs_newman(provider, args.runs)
        if compared:
            ours, theirs = compared
            ratio = theirs / ours
            print(f"postman-v1 on one running server, median of {args.runs}: built-in {ours:.3f} s, "
                  f"newman {theirs:.3f} s, newman/built-in = {ratio:.1f}x "
                  f"[target >= 3x: {'met' if ratio >= 3 else 'MISSED'}]")  # fmt: skip
    finally:
        provider.close()


if __name__ == "__main__":
    main()
