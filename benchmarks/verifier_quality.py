"""How well the verifier's gates catch seeded defects, and whether they leave correct code alone.

For every variant of benchmarks/verifier_corpus.py (seeded defects of the reference, and correct
rewrites of it): the harness scores it (postman-v1 + hurl-v2 on a fresh PostgreSQL database, with the
task's constraints, so strict A% counts compliance), then the verifier runs one round on the same
workspace. A defect "loses assertions" when it passes fewer assertions than the reference, and "loses
strict A%" when it also or only breaks a constraint. It is caught when a finding names it (the gate and
message fragment the corpus expects), flagged when any finding is raised. Then the wall time of a round
on the reference with warm caches (median of --repeat after one warm-up).

Targets: >= 80% of the defects that lose assertions caught with the finding naming the defect, 0 false
alarms on the correct variants, <= 15 s per round on the reference.

    python benchmarks/verifier_quality.py [--only NAME ...] [--repeat 5] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from verifier_corpus import EXPECTED, Variant, materialise, variants

from agent.verifier.report import VerifierReport
from agent.verifier.verifier import Verifier, VerifierSetup
from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from planners.constraints import ConstraintSet
from planners.contracts import load_contract
from tools.apps import AppLimits
from tools.databases import open_provider

CONSTRAINTS = ConstraintSet(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")
LIMITS = AppLimits(startup_s=15.0, stop_grace_s=1.0, memory_mb=1024)


def _verify(workspace: Path, provider) -> VerifierReport:
    setup = VerifierSetup(constraints=CONSTRAINTS, contract=load_contract("conduit"), provider=provider, limits=LIMITS)
    return Verifier(workspace, setup).verify()


def _score(workspace: Path, provider) -> tuple[int, int, bool]:
    suites = [load_suite("postman-v1"), load_suite("hurl-v2")]
    result = evaluate(workspace, suites, provider, EvalOptions(limits=LIMITS, constraints=CONSTRAINTS))
    compliant = result.compliance.compliant if result.compliance else True
    return result.passed, result.total, compliant


def _named(variant: Variant, report: VerifierReport) -> str:
    for gate, fragment in EXPECTED.get(variant.name, []):
        for finding in report.findings:
            if finding.gate == gate and fragment in finding.message:
                return f"[{gate}] {finding.message[:110]}"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="variants to run (default: all)")
    parser.add_argument("--repeat", type=int, default=5, help="rounds timed on the reference")
    parser.add_argument("--json", type=Path, help="write every row here")
    args = parser.parse_args()
    provider = open_provider("postgres")
    assert provider is not None
    rows = []
    try:
        reference_passed, _, _ = _score(reference_path(), provider)
        workspace = Path(tempfile.mkdtemp(prefix="cagent-verifier-quality-")) / "backend"
        for variant in variants():
            if args.only and variant.name not in args.only:
                continue
            materialise(variant, workspace)
            passed, total, compliant = _score(workspace, provider)
            materialise(variant, workspace)  # the suite's data and files gone: the verifier sees the code
            report = _verify(workspace, provider)
            row = {
                "variant": variant.name, "defective": variant.defective, "passed": passed, "total": total,
                "loses_assertions": passed < reference_passed,
                "loses_strict": passed < reference_passed or not compliant,
                "flagged": not report.passed, "named": _named(variant, report), "findings": len(report.findings),
                "seconds": report.seconds,
                "first": f"[{report.findings[0].gate}] {report.findings[0].message[:100]}" if report.findings else "",
            }  # fmt: skip
            rows.append(row)
            mark = "caught" if row["named"] else ("flagged" if row["flagged"] else "missed")
            if not variant.defective:
                mark = "FALSE ALARM" if row["flagged"] else "clean"
            shown = row["named"] or row["first"]
            print(f"{variant.name:<34} {passed:>3}/{total:<3} lose={row['loses_assertions']!s:<5} "
                  f"strict={row['loses_strict']!s:<5} {mark:<11} {report.seconds:5.1f}s  {shown}",
                  flush=True)  # fmt: skip
        timings = []
        for index in range(args.repeat + 1):
            started = time.monotonic()
            report = _verify(reference_path(), provider)
            if index:
                timings.append(time.monotonic() - started)
    finally:
        provider.close()
    defects = [r for r in rows if r["defective"]]
    losing = [r for r in defects if r["loses_assertions"]]
    strict = [r for r in defects if r["loses_strict"]]
    correct = [r for r in rows if not r["defective"]]

    def rate(items: list[dict]) -> str:
        caught = sum(1 for r in items if r["named"])
        return f"{caught}/{len(items)} ({100 * caught / len(items):.0f}%)" if items else "-"

    print()
    print(f"defects: {len(defects)}; losing assertions: {len(losing)}; losing strict A%: {len(strict)}")
    print(f"caught, finding naming the defect, among those losing assertions: {rate(losing)} (target >= 80%)")
    print(f"caught among those losing strict A%: {rate(strict)}; among all defects: {rate(defects)}")
    print(f"flagged at all among all defects: {sum(r['flagged'] for r in defects)}/{len(defects)}")
    print(f"false alarms on correct variants: {sum(r['flagged'] for r in correct)}/{len(correct)} (target 0)")
    print(f"missed (losing assertions): {', '.join(r['variant'] for r in losing if not r['named']) or 'none'}")
    if timings:
        print(f"round on the reference, warm caches: median {statistics.median(timings):.2f} s over {len(timings)} "
              f"(min {min(timings):.2f}, max {max(timings):.2f}; target <= 15 s)")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "reference_round_s": timings}, indent=1))


if __name__ == "__main__":
    main()
