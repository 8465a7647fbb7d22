"""Rich tables for classifications and their agreement with reference labels."""

from __future__ import annotations

from rich.table import Table

from evals.classify.agreement import Agreement, ClassScore
from evals.classify.record import FailureRecord
from evals.taxonomy import Classification


def verdict_table(rows: list[tuple[FailureRecord, Classification]], evidence_chars: int = 90) -> Table:
    labelled = any(record.labels is not None for record, _ in rows)
    table = Table(title="Failure classification", show_lines=False)
    table.add_column("record", overflow="fold", min_width=14)
    for column in ("category", "subcategory", "rule"):
        table.add_column(column, overflow="fold")
    table.add_column("top evidence", overflow="fold", max_width=60)
    if labelled:
        table.add_column("label", overflow="fold")
    for record, verdict in rows:
        cells = [
            record.id,
            verdict.category,
            verdict.subcategory or "",
            verdict.rule,
            (verdict.evidence[0] if verdict.evidence else "")[:evidence_chars],
        ]
        if labelled:
            cells.append(_label_cell(record, verdict))
        table.add_row(*cells)
    return table


def _label_cell(record: FailureRecord, verdict: Classification) -> str:
    labels = record.labels
    if labels is None or labels.category is None:
        return ""
    same = labels.category == verdict.category and (
        labels.subcategory is None or labels.subcategory == verdict.subcategory
    )
    return "[green]same[/]" if same else f"[red]{labels.subcategory or labels.category}[/]"


def summary_line(result: Agreement) -> str:
    line = f"agreement: coarse {result.coarse_accuracy:.1%} ({_hits(result.coarse)}/{result.n})"
    if result.n_logic:
        line += f", logic subcategory {result.sub_accuracy:.1%} ({_hits(result.sub)}/{result.n_logic})"
    return line


def _hits(confusion: dict[tuple[str, str], int]) -> int:
    return sum(n for (ref, pred), n in confusion.items() if ref == pred)


def scores_table(title: str, scores: list[ClassScore]) -> Table:
    table = Table(title=title)
    for column in ("class", "precision", "recall", "support"):
        table.add_column(column, justify="left" if column == "class" else "right")
    for score in scores:
        table.add_row(score.label, _pct(score.precision), _pct(score.recall), str(score.support))
    return table


def confusion_table(title: str, confusion: dict[tuple[str, str], int]) -> Table:
    """Rows: reference labels; columns: predictions (short names)."""
    refs = sorted({ref for ref, _ in confusion})
    preds = sorted({pred for _, pred in confusion})
    table = Table(title=title)
    table.add_column("reference \\ predicted")
    for pred in preds:
        table.add_column(_short(pred), justify="right")
    for ref in refs:
        cells = []
        for pred in preds:
            n = confusion.get((ref, pred), 0)
            cells.append("" if n == 0 else (f"[green]{n}[/]" if ref == pred else f"[red]{n}[/]"))
        table.add_row(ref, *cells)
    return table


_SHORT = {
    "server_startup_failure": "startup", "incomplete_implementation": "incomplete",
    "constraint_violation": "constraint", "schema_format_error": "schema", "logic_error": "logic",
    "stuck_in_loop": "loop", "premature_termination": "premature", "incorrect_query_logic": "query",
    "database_runtime_error": "db", "auth_misconfiguration": "auth", "business_logic_defect": "business",
    "framework_idiosyncrasy": "framework", "state_propagation_failure": "state", "server_crash": "crash",
    "resource_limit": "limit", "harness_fault": "harness",
}  # fmt: skip


def _short(label: str) -> str:
    bare = label.strip("()")
    short = _SHORT.get(bare, bare)
    return f"({short})" if label.startswith("(") else short


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
