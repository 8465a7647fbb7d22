"""The `editor` tool: view, create, str_replace, insert and undo_edit, each edit followed by a syntax check.

Edits are kept even when the check fails (a multi-step change may pass through a broken state), but
the result says so, shows the error, and offers `undo_edit`, which walks back a per-file history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, model_validator

from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.agent_tools.editor_view import view_directory, view_file
from tools.agent_tools.syntax import check_syntax
from tools.agent_tools.text import numbered, plural
from tools.base import ToolResult
from tools.sandbox.base import Sandbox
from tools.sandbox.paths import PathOutsideWorkspace, relative_name, resolve_inside

Command = Literal["view", "create", "str_replace", "insert", "undo_edit"]
COMMANDS: tuple[str, ...] = get_args(Command)
CONTEXT_LINES = 4
# What each command needs besides `path`.
NEEDS: dict[str, tuple[str, ...]] = {
    "create": ("file_text",),
    "str_replace": ("old_str",),
    "insert": ("insert_line", "new_str"),
}


class EditorArguments(ToolArguments):
    command: Command
    path: str = Field(description="file or directory, relative to the workspace")
    view_range: Annotated[list[int], Field(min_length=2, max_length=2)] | None = Field(
        None, description="view: [first_line, last_line], 1-based, last_line -1 for the end"
    )
    file_text: str | None = Field(None, description="create: the whole content of the file")
    old_str: str | None = Field(None, description="str_replace: exact text to replace, occurring once")
    new_str: str | None = Field(None, description="str_replace: replacement (empty deletes); insert: text")
    insert_line: int | None = Field(None, description="insert: the line after which to insert")

    @model_validator(mode="after")
    def _needed(self) -> EditorArguments:
        missing = [name for name in NEEDS.get(self.command, ()) if getattr(self, name) is None]
        if missing:
            raise ValueError(f"{self.command} needs {' and '.join(missing)}")
        return self


class EditorTool:
    name = "editor"
    description = (
        "View and edit files in the workspace. `view`: a file with line numbers (a window of lines; use "
        "view_range for more) or a directory two levels deep. `create`: write a whole file. `str_replace`: "
        "replace old_str, which must occur exactly once, by new_str. `insert`: add new_str after line "
        "insert_line (0 for the top). `undo_edit`: revert the last edit of a file. Paths are relative to "
        "the workspace. Python, JavaScript and JSON files are syntax-checked after each edit."
    )

    def __init__(self, sandbox: Sandbox, *, window_lines: int = 200, line_width: int = 400, history: int = 20):
        self.sandbox = sandbox
        self.window_lines = window_lines
        self.line_width = line_width
        self.history_depth = history
        self._history: dict[Path, list[str | None]] = {}

    def parameters(self) -> dict[str, Any]:
        return schema_of(EditorArguments)

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(EditorArguments, arguments)
        command = given.command
        workspace = self.sandbox.workspace
        try:
            target = resolve_inside(workspace, given.path)
        except PathOutsideWorkspace as exc:
            return ToolResult(output=str(exc), is_error=True)
        shown = relative_name(workspace, target)
        if command == "create":
            return self._create(target, shown, given.file_text or "")
        if command == "undo_edit":
            return self._undo(target, shown)
        if not target.exists():
            return ToolResult(output=f"no such file or directory: {shown}", is_error=True)
        if command == "view":
            if target.is_dir():
                return view_directory(target, shown)
            return view_file(target, shown, given.view_range, self.window_lines, self.line_width)
        if target.is_dir():
            return ToolResult(output=f"{shown} is a directory", is_error=True)
        try:
            text = target.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return ToolResult(output=f"{shown} is not UTF-8 text; edit it with bash", is_error=True)
        if command == "str_replace":
            return self._replace(target, shown, text, given.old_str or "", given.new_str or "")
        return self._insert(target, shown, text, given.insert_line or 0, given.new_str or "")

    def _create(self, target: Path, shown: str, file_text: str) -> ToolResult:
        if target.is_dir():
            return ToolResult(output=f"{shown} is a directory", is_error=True)
        existed = target.is_file()
        check = self._save(target, shown, file_text)
        lines = plural(len(file_text.splitlines()), "line")
        action = f"overwrote {shown} ({lines})" if existed else f"created {shown} ({lines})"
        return _result(action, check)

    def _replace(self, target: Path, shown: str, text: str, old: str, new: str) -> ToolResult:
        if not old:
            return ToolResult(output="old_str is empty; use insert or create to add text", is_error=True)
        count = text.count(old)
        if count == 0:
            hint = "It must match exactly, including indentation and blank lines: view the file and copy it."
            stripped = old.strip()
            if stripped and text.count(stripped) == 1:
                line = _line_of(text, text.index(stripped))
                hint = f"Without its leading/trailing whitespace it occurs once, at line {line}: copy it exactly."
            return ToolResult(output=f"old_str was not found in {shown}; nothing changed. {hint}", is_error=True)
        if count > 1:
            lines = _occurrence_lines(text, old)
            where = ", ".join(str(n) for n in lines[:20])
            return ToolResult(
                output=f"old_str occurs {count} times in {shown} (at lines {where}); nothing changed. "
                "Include more surrounding lines so that it occurs once.",
                is_error=True,
            )
        start = text.index(old)
        updated = text[:start] + new + text[start + len(old) :]
        check = self._save(target, shown, updated)
        first = _line_of(text, start)
        snippet = self._snippet(updated, first, first + new.count("\n"))
        return _result(f"edited {shown}:\n{snippet}", check)

    def _insert(self, target: Path, shown: str, text: str, after: int, new: str) -> ToolResult:
        lines = text.splitlines(keepends=True)
        if not 0 <= after <= len(lines):
            return ToolResult(output=f"insert_line must be between 0 and {len(lines)} for {shown}", is_error=True)
        if after == len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        block = new if new.endswith("\n") else new + "\n"
        updated = "".join(lines[:after]) + block + "".join(lines[after:])
        check = self._save(target, shown, updated)
        snippet = self._snippet(updated, after + 1, after + block.count("\n"))
        return _result(
            f"inserted {plural(block.count(chr(10)), 'line')} after line {after} of {shown}:\n{snippet}", check
        )

    def _undo(self, target: Path, shown: str) -> ToolResult:
        stack = self._history.get(target)
        if not stack:
            return ToolResult(output=f"there is no edit of {shown} to undo", is_error=True)
        previous = stack.pop()
        if previous is None:
            target.unlink(missing_ok=True)
            return ToolResult(output=f"undid the creation of {shown}: the file is removed")
        target.write_bytes(previous.encode("utf-8"))
        problem = check_syntax(target, previous, shown)
        note = f"\nNote: this version does not parse either:\n{problem}" if problem else ""
        return ToolResult(
            output=f"reverted the last edit of {shown} ({plural(len(previous.splitlines()), 'line')}){note}"
        )

    def _save(self, target: Path, shown: str, text: str) -> str | None:
        """Write `text`, remember what was there, and return the syntax problem it has, if any."""
        before = target.read_bytes().decode("utf-8", errors="replace") if target.is_file() else None
        stack = self._history.setdefault(target, [])
        stack.append(before)
        del stack[: -self.history_depth]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
        problem = check_syntax(target, text, shown)
        if problem is None:
            return None
        if before is not None and check_syntax(target, before, shown) is not None:
            return f"{problem}\n(The file did not parse before this edit either.)"
        return f"{problem}\nFix it, or call undo_edit on {shown} to revert this edit."

    def _snippet(self, text: str, first: int, last: int) -> str:
        lines = text.splitlines()
        start = max(first - CONTEXT_LINES, 1)
        end = min(max(last, first) + CONTEXT_LINES, len(lines))
        return numbered(lines[start - 1 : end], start, self.line_width)


def _result(action: str, problem: str | None) -> ToolResult:
    if problem is None:
        return ToolResult(output=action)
    return ToolResult(
        output=f"{action}\n\nWARNING: the edit was saved but the file no longer parses:\n{problem}", is_error=True
    )


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _occurrence_lines(text: str, needle: str) -> list[int]:
    lines, start = [], 0
    while (found := text.find(needle, start)) != -1:
        lines.append(_line_of(text, found))
        start = found + 1
    return lines
