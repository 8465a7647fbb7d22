"""Every feature task checked against its full reference: the patch costs exactly the removed feature.

For each feature task and each database it runs on (its constrained one, else SQLite and PostgreSQL),
postman-v1 is run on the full reference and on the patched copy, and the requests answered otherwise
are compared with those evals/tasks/feature_check.py derives from the suite. Run:
    .venv/bin/python benchmarks/feature_tasks.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from evals.runner import EvalOptions
from evals.tasks import select_tasks
from evals.tasks.feature_check import check_feature_task
from tools.apps import AppLimits
from tools.databases import open_provider


def main() -> int:
    providers = {"sqlite": open_provider("sqlite"), "postgres": open_provider("postgres")}
    options = EvalOptions(limits=AppLimits(startup_s=90.0))
    full: dict[tuple[Path | None, str], object] = {}
    checks, exact, started = 0, 0, time.monotonic()
    with tempfile.TemporaryDirectory(prefix="cagent-feature-bench-") as scratch:
        for task in select_tasks("kind=feature"):
            databases = {"sqlite": ["sqlite"], "postgresql": ["postgres"]}.get(task.constraints.database)
            for database in databases or ["sqlite", "postgres"]:
                key = (task.repo, database)
                check, full[key] = check_feature_task(
                    task,
                    Path(scratch) / database,
                    providers[database],
                    options,
                    full=full.get(key),  # type: ignore[arg-type]
                )
                checks, exact = checks + 1, exact + check.exact
                extra = sorted(set(check.differing) ^ set(check.expected_lost))
                verdict = "exact" if check.exact else "MISMATCH"
                counts = f"lost={len(check.expected_lost)} differing={len(check.differing)} off={extra}"
                print(f"{database:8} {verdict:8} {task.name}  started={check.started} {counts}", flush=True)
    for provider in providers.values():
        if provider is not None:
            provider.close()
    print(f"{exact}/{checks} checks exact in {time.monotonic() - started:.0f} s")
    return 0 if exact == checks else 1


if __name__ == "__main__":
    sys.exit(main())
