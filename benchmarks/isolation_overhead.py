"""What isolation costs: the end-to-end evaluation of the reference with and without a box, in one run.

Both configurations are measured alternately (after one warm-up each), on the same private PostgreSQL
cluster with warm dependency caches, so machine load affects them alike. Also printed: the cost of a
bare box (start, enter `true`, close) and of one sandbox command with and without a box.

Target: the boxed evaluation takes at most 10% longer than the unboxed one (median of N).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tools.databases import open_provider
from tools.isolation.box import Box, BoxView
from tools.isolation.mode import resolve_isolation
from tools.sandbox.local import LocalSandbox

TARGET_OVERHEAD = 0.10


def evaluation_seconds(provider, isolation: str) -> float:  # type: ignore[no-untyped-def]
    options = EvalOptions(isolation=resolve_isolation(isolation))
    started = time.perf_counter()
    result = evaluate(reference_path(), [load_suite("postman-v1")], provider, options)
    seconds = time.perf_counter() - started
    assert result.all_passed, f"the reference did not pass with isolation {isolation}: {result.passed}/{result.total}"
    assert result.isolation == isolation
    return seconds


def bare_box_seconds(rounds: int) -> float:
    samples = []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(rounds):
            started = time.perf_counter()
            with Box(BoxView(workspace=Path(folder))) as box:
                box.popen(["true"], cwd=Path(folder), env={"PATH": "/usr/bin:/bin"}).wait()
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def sandbox_command_seconds(isolation: str, rounds: int) -> float:
    samples = []
    with tempfile.TemporaryDirectory() as folder, LocalSandbox(Path(folder), isolation=isolation) as sandbox:
        sandbox.run("true")
        for _ in range(rounds):
            started = time.perf_counter()
            sandbox.run("echo ok")
            samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    problem = resolve_isolation("auto").warning
    if problem:
        raise SystemExit(f"cannot measure: {problem}")
    provider = open_provider("postgres")
    assert provider is not None
    try:
        for isolation in ("none", "bwrap"):
            evaluation_seconds(provider, isolation)  # warm-up: dependency caches, first box, probe
        timings: dict[str, list[float]] = {"none": [], "bwrap": []}
        for _ in range(args.runs):
            for isolation in ("none", "bwrap"):
                timings[isolation].append(evaluation_seconds(provider, isolation))
    finally:
        provider.close()
    plain, boxed = statistics.median(timings["none"]), statistics.median(timings["bwrap"])
    overhead = boxed / plain - 1
    verdict = "met" if overhead <= TARGET_OVERHEAD else "MISSED"
    print(f"end-to-end postman-v1 on PostgreSQL, median of {args.runs}: no isolation {plain:.3f} s, "
          f"box {boxed:.3f} s, overhead {overhead:+.1%} [target <= {TARGET_OVERHEAD:.0%}: {verdict}]")  # fmt: skip
    print(f"bare box (start, enter `true`, close), median of 20: {bare_box_seconds(20) * 1000:.1f} ms")
    plain_cmd, boxed_cmd = sandbox_command_seconds("none", 20), sandbox_command_seconds("bwrap", 20)
    print(f"sandbox command `echo ok`, median of 20: host {plain_cmd * 1000:.1f} ms, box {boxed_cmd * 1000:.1f} ms")


if __name__ == "__main__":
    main()
