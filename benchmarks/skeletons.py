"""Every greenfield task variant's skeleton, proved for real: 8 frameworks x 10 variants = 80 skeletons.

Each is rendered, checked against its constraints (what `cagent check` runs), installed, started on a fresh
database of its kind by the harness's runner, and probed (skeleton_proof.py): the schema's tables exist,
a row inserted by the harness reads back through the repository, postman-v1's "All Tags" passes.
Node SQLite variants compile a native driver (better-sqlite3, or sqlite3 under Sequelize): about a minute
each on two cores.

    python benchmarks/skeletons.py [--framework flask --framework koa ...] [--json out.json] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table
from skeleton_proof import ProofRow, prove, task_variants

from planners.constraints.model import FRAMEWORKS
from tools.databases import open_provider


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--framework", action="append", choices=list(FRAMEWORKS), help="default: all eight")
    parser.add_argument("--json", type=Path, help="write the rows here")
    parser.add_argument("--keep", type=Path, help="render into this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    console = Console(width=None if sys.stdout.isatty() else 140)
    root = args.keep or Path(tempfile.mkdtemp(prefix="cagent-skeletons-"))
    root.mkdir(parents=True, exist_ok=True)
    providers = {"postgresql": open_provider("postgres"), "sqlite": open_provider("sqlite")}
    rows: list[ProofRow] = []
    started = time.perf_counter()
    try:
        variants = task_variants(args.framework or list(FRAMEWORKS))
        for number, constraints in enumerate(variants, 1):
            row = prove(constraints, root, providers)  # type: ignore[arg-type]
            rows.append(row)
            mark = "[green]ok[/]" if row.ok else f"[red]FAILED[/] {row.problem or row.violations[:1]}"
            console.print(f"{number}/{len(variants)} {row.variant}: {mark}", highlight=False)
    finally:
        for provider in providers.values():
            provider.close()
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    wall = time.perf_counter() - started
    table = Table(title="Skeletons of the greenfield task variants")
    for column in ("variant", "install s", "start s", "compliant", "tables", "smoke", "GET /api/tags"):
        table.add_column(column, justify="left" if column == "variant" else "right")
    for row in rows:
        table.add_row(
            row.variant,
            f"{row.install_s:.1f}",
            f"{row.start_s:.2f}",
            "yes" if row.compliant else "[red]no[/]",
            f"{row.tables}/{row.tables_expected}",
            "yes" if row.smoke else "[red]no[/]",
            "yes" if row.tags_scored else "[red]no[/]",
        )
    console.print(table)
    passed = sum(row.ok for row in rows)
    console.print(
        f"{passed}/{len(rows)} skeletons proved; compliant {sum(r.compliant for r in rows)}, schema complete "
        f"{sum(r.tables == r.tables_expected for r in rows)}, smoke {sum(r.smoke for r in rows)}, tags scored "
        f"{sum(r.tags_scored for r in rows)}; install {sum(r.install_s for r in rows):.0f} s, start "
        f"{sum(r.start_s for r in rows):.1f} s, wall {wall:.0f} s"
    )
    if args.json:
        args.json.write_text(json.dumps([row.model_dump() for row in rows], indent=2))


if __name__ == "__main__":
    main()
