"""Agreement of the rule-based failure classifier with the human labels of the judge-validation set.

Prints coarse-category agreement, subcategory agreement on the logic errors, per-class precision and
recall, the confusion tables, the records it disagrees on, how many records each rule decided, and
the same agreement on a fixed split by position (records 5k+4 against the others).

The dataset is read from `<shared>/datasets/constraint-decay-judge-validation.json`, where `<shared>`
is `$CAGENT_SHARED_DIR` or `../shared` beside the project. Target: coarse agreement >= 85%.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from rich.console import Console

from evals.classify import Classification, FailureRecord, agreement, classify, load_records
from evals.classify.report import confusion_table, scores_table, summary_line
from evals.shared_material import shared_dir

TARGET = 0.85
DATASET = Path("datasets") / "constraint-decay-judge-validation.json"


def _split(rows: list[tuple[FailureRecord, Classification]], held: bool) -> list[tuple[FailureRecord, Classification]]:
    return [row for i, row in enumerate(rows) if (i % 5 == 4) == held]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=None, help="judge-validation JSON (default: shared dir)")
    args = parser.parse_args()
    console = Console()
    path = args.dataset or shared_dir() / DATASET
    if not path.is_file():
        console.print(f"[red]no dataset at {path}[/] (set CAGENT_SHARED_DIR or pass --dataset)")
        return 2
    records = load_records(path)
    rows = [(record, classify(record)) for record in records]
    result = agreement([(r.labels, v) for r, v in rows])

    console.print(f"{len(records)} records from {path}")
    console.print(summary_line(result))
    status = "[green]meets[/]" if result.coarse_accuracy >= TARGET else "[red]below[/]"
    console.print(f"coarse target {TARGET:.0%}: {status}")
    console.print(scores_table("coarse category: precision / recall", result.coarse_scores()))
    console.print(confusion_table("coarse category", result.coarse))
    console.print(scores_table("logic subcategory: precision / recall", result.sub_scores()))
    console.print(confusion_table("logic subcategory", result.sub))

    console.print("\n[bold]disagreements[/]")
    for record, verdict in rows:
        labels = record.labels
        if labels is None or (labels.category, labels.subcategory) == (verdict.category, verdict.subcategory):
            continue
        said = verdict.subcategory or verdict.category
        label = labels.subcategory or labels.category
        console.print(f"  {record.id}: label {label}, rules say {said} ({verdict.rule})")

    console.print("\n[bold]records decided by each rule[/]")
    for rule, count in sorted(Counter(v.rule for _, v in rows).items(), key=lambda item: (-item[1], item[0])):
        console.print(f"  {count:3d}  {rule}")

    console.print("\n[bold]split by position[/]")
    for name, held in (("records 5k+4", True), ("other records", False)):
        part = _split(rows, held)
        console.print(f"  {name} ({len(part)}): {summary_line(agreement([(r.labels, v) for r, v in part]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
