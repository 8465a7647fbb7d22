"""The report as Markdown and as one self-contained HTML page (figures inlined as base64 PNG)."""

from __future__ import annotations

import base64
import html
from pathlib import Path
from typing import Any

from evals.reporting.tables import Table


def cell_text(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, dict) and "strict" in value:
        parts = [value["strict"], value["raw"], value["pass@1"], value["pass@3"]]
        return " / ".join("-" if v is None else f"{v:g}" for v in parts)
    if isinstance(value, dict) and "mean" in value:
        return f"{value['mean']:+g} [{value['low']:+g}, {value['high']:+g}]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def markdown(title: str, header: list[str], tables: list[Table], figures: list[Path]) -> str:
    lines = [f"# {title}", "", *header, ""]
    for table in tables:
        lines += [f"## {table.title}", ""]
        if table.note:
            lines += [f"_{table.note}_", ""]
        if not table.rows:
            lines += ["(no runs)", ""]
            continue
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append("|" + "|".join("---" for _ in table.columns) + "|")
        lines += ["| " + " | ".join(cell_text(v).replace("|", "\\|") for v in row) + " |" for row in table.rows]
        lines.append("")
    for figure in figures:
        lines += [f"![{figure.stem}]({figure.name})", ""]
    return "\n".join(lines)


_STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:72rem;color:#1d2330;
  padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #d8dde6;padding-bottom:.3rem}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #d8dde6;padding:.3rem .55rem}
th{background:#eef1f6;text-align:left}td{font-variant-numeric:tabular-nums}tr:nth-child(even) td{background:#f8f9fb}
.note{color:#5a6475;font-size:.85rem}.header{color:#3a4455}img{max-width:100%;margin:1rem 0;border:1px solid #eee}
"""


def html_page(title: str, header: list[str], tables: list[Table], figures: list[Path]) -> str:
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             f"<style>{_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"]  # fmt: skip
    parts += [f"<p class='header'>{html.escape(line)}</p>" for line in header]
    for table in tables:
        parts.append(f"<h2>{html.escape(table.title)}</h2>")
        if table.note:
            parts.append(f"<p class='note'>{html.escape(table.note)}</p>")
        if not table.rows:
            parts.append("<p class='note'>(no runs)</p>")
            continue
        head = "".join(f"<th>{html.escape(c)}</th>" for c in table.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell_text(v))}</td>" for v in row) + "</tr>" for row in table.rows
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    for figure in figures:
        data = base64.b64encode(figure.read_bytes()).decode()
        parts.append(f"<h2>{html.escape(figure.stem.replace('_', ' '))}</h2>")
        parts.append(f"<img alt='{figure.stem}' src='data:image/png;base64,{data}'>")
    parts.append("</body></html>")
    return "\n".join(parts)
