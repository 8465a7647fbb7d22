"""What the editor's `view` shows: a window of numbered lines, or a directory two levels deep."""

from __future__ import annotations

from pathlib import Path

from tools.agent_tools.text import numbered
from tools.agent_tools.walk import is_binary, list_tree
from tools.base import ToolInputError, ToolResult


def view_directory(target: Path, shown: str) -> ToolResult:
    entries, left_out = list_tree(target)
    header = f"{shown}/ up to 2 levels deep (node_modules, .git, .venv and caches are not listed):"
    body = "\n".join(entries) if entries else "(empty directory)"
    footer = f"\n[{left_out} more entries not listed: view a subdirectory]" if left_out else ""
    return ToolResult(output=f"{header}\n{body}{footer}")


def _window(view_range: list[int] | None, total: int) -> tuple[int, int]:
    """The lines to show; `view_range` is two integers already (EditorArguments)."""
    if view_range is None:
        return 1, total
    first, last = view_range
    last = total if last == -1 else min(last, total)
    if first < 1 or first > max(total, 1) or last < first:
        raise ToolInputError(f"view_range {view_range} does not fit a file of {total} lines")
    return first, last


def view_file(target: Path, shown: str, view_range: list[int] | None, window: int, width: int) -> ToolResult:
    if is_binary(target):
        return ToolResult(output=f"{shown} is a binary file ({target.stat().st_size} bytes); not shown")
    lines = target.read_text(encoding="utf-8", errors="replace").splitlines()
    total = len(lines)
    if total == 0:
        return ToolResult(output=f"{shown} is empty")
    first, last = _window(view_range, total)
    note = ""
    if last - first + 1 > window:
        last = first + window - 1
        following = min(last + window, total)
        note = f"\n[lines {last + 1}-{total} not shown: view them with view_range [{last + 1}, {following}]]"
    header = f"{shown} (lines {first}-{last} of {total}):"
    return ToolResult(output=f"{header}\n{numbered(lines[first - 1 : last], first, width)}{note}")
