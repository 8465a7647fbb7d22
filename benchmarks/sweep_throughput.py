"""Throughput of a whole sweep: all 80 greenfield tasks with the `none` scaffold, 2 workers (a figure, not a test).

The reference backend answers where its stack matches (the 10 Flask tasks), an empty workspace elsewhere,
so both a full evaluation and the cheapest failure are in the mix. Prints evaluations per minute and the
harness's share of wall time (everything but the scaffold: workspace, diff, install, database, start-up,
suite, teardown, store). Target on a 2-core machine: the 80 evaluations in under 10 minutes.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tasks", default="kind=greenfield", help="task selector (default: all 80 greenfield tasks)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cagent-sweep-") as scratch:
        out = Path(scratch) / "bench"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "evals", "bench", "--scaffold", "none", "--tasks", args.tasks,
             "--workers", str(args.workers), "--out", str(out)],
            cwd=PROJECT, capture_output=True, text=True,
        )  # fmt: skip
        wall = time.perf_counter() - started
        if done.returncode != 0:
            sys.exit(f"the sweep failed: {done.stderr.strip().splitlines()[-1:] or done.returncode}")
        with sqlite3.connect(out / "runs.db") as db:
            rows = db.execute("SELECT status, a_pct, document FROM runs").fetchall()
    documents = [json.loads(document) for _, _, document in rows]
    run_s = sum(d["timings"].get("run_s", 0.0) for d in documents)
    scaffold_s = sum(d["timings"].get("scaffold_s", 0.0) for d in documents)
    eval_s = sum(d["timings"].get("eval_s", 0.0) for d in documents)
    full = sum(1 for status, a_pct, _ in rows if status == "done" and a_pct == 100.0)
    print(f"{len(rows)} evaluations ({full} at 100% with the reference, the rest empty) with {args.workers} workers")
    print(f"wall time            {wall:8.1f} s   (target < 600 s)")
    print(f"evaluations / minute {len(rows) / wall * 60:8.1f}")
    print(f"harness share        {100 * (run_s - scaffold_s) / run_s if run_s else 0:8.1f} % of run time "
          f"(evaluation {eval_s:.1f} s, scaffold {scaffold_s:.1f} s, over {run_s:.1f} s of runs)")  # fmt: skip
    overhead = wall - run_s / args.workers
    print(f"sweep overhead       {overhead:8.1f} s beyond the runs (a worker process per run, PostgreSQL, the driver)")


if __name__ == "__main__":
    main()
