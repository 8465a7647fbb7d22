"""The `search` tool: grep (a regex over file contents) and glob (file names), refusing to flood.

Over the cap it shows no lines at all, only how many matched and where, and asks for a narrower
query: a page of half-relevant matches costs more context than a second, sharper search.
"""

from __future__ import annotations

import re
from collections import Counter
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any, Literal, get_args

from pydantic import Field

from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.agent_tools.text import clip_line, plural
from tools.agent_tools.walk import MAX_FILE_BYTES, is_binary, walk_files
from tools.base import ToolResult
from tools.sandbox.base import Sandbox
from tools.sandbox.paths import PathOutsideWorkspace, relative_name, resolve_inside

Command = Literal["grep", "glob"]
COMMANDS: tuple[str, ...] = get_args(Command)
SCAN_LIMIT = 20_000  # matches counted before giving up on an exact total


def glob_matches(relative: str, pattern: str) -> bool:
    """`*.py` matches a name at any depth; patterns with a slash match the whole path (`**/` optional)."""
    if "/" not in pattern:
        return fnmatchcase(PurePosixPath(relative).name, pattern)
    variants = {pattern, pattern.replace("/**/", "/"), pattern.removeprefix("**/")}
    return any(fnmatchcase(relative, variant) for variant in variants)


def _top(counts: Counter[str], limit: int = 10) -> str:
    return "\n".join(f"  {name}: {count}" for name, count in counts.most_common(limit))


class SearchArguments(ToolArguments):
    command: Command
    pattern: str = Field(description="grep: a regular expression; glob: a file pattern")
    path: str = Field(".", description="directory or file to search in (default: workspace)")
    include: str = Field("", description="grep: only files whose name matches this glob")
    ignore_case: bool = Field(False, description="grep: case-insensitive (default false)")


class SearchTool:
    name = "search"
    description = (
        "Search the workspace (node_modules, .git, .venv and caches are skipped). `grep`: lines matching a "
        "Python regular expression, as path:line: text, optionally only in files whose name matches `include` "
        "(e.g. *.py). `glob`: file paths matching a pattern (e.g. *.js, src/**/*.py). Too many results are "
        "refused with a summary: narrow the pattern, `path` or `include`."
    )

    def __init__(self, sandbox: Sandbox, *, max_matches: int = 100, max_files: int = 50, line_width: int = 200):
        self.sandbox = sandbox
        self.max_matches = max_matches
        self.max_files = max_files
        self.line_width = line_width

    def parameters(self) -> dict[str, Any]:
        return schema_of(SearchArguments)

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(SearchArguments, arguments)
        pattern = given.pattern
        workspace = self.sandbox.workspace
        try:
            start = resolve_inside(workspace, given.path)
        except PathOutsideWorkspace as exc:
            return ToolResult(output=str(exc), is_error=True)
        if not start.exists():
            return ToolResult(output=f"no such file or directory: {relative_name(workspace, start)}", is_error=True)
        files = [start] if start.is_file() else list(walk_files(start))
        if given.command == "glob":
            return self._glob(workspace, files, pattern)
        include = given.include
        try:
            regex = re.compile(pattern, re.IGNORECASE if given.ignore_case else 0)
        except re.error as exc:
            return ToolResult(output=f"invalid regular expression {pattern!r}: {exc}", is_error=True)
        if include:
            files = [path for path in files if glob_matches(path.name, include)]
        return self._grep(workspace, files, regex)

    def _grep(self, workspace: Path, files: list[Path], regex: re.Pattern[str]) -> ToolResult:
        shown: list[str] = []
        per_file: Counter[str] = Counter()
        total = 0
        for path in files:
            if total >= SCAN_LIMIT:
                break
            try:
                if path.stat().st_size > MAX_FILE_BYTES or is_binary(path):
                    continue
                lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:  # a dangling symlink, a file removed meanwhile
                continue
            relative = relative_name(workspace, path)
            for number, line in enumerate(lines, 1):
                if regex.search(line):
                    total += 1
                    per_file[relative] += 1
                    if len(shown) <= self.max_matches:
                        shown.append(f"{relative}:{number}: {clip_line(line.rstrip(), self.line_width)}")
        query = f"/{regex.pattern}/"
        if total == 0:
            return ToolResult(output=f"no matches for {query} in {plural(len(files), 'file')}")
        if total > self.max_matches:
            count = f"more than {SCAN_LIMIT}" if total >= SCAN_LIMIT else str(total)
            return ToolResult(
                output=f"{count} matches for {query} in {plural(len(per_file), 'file')}: too many to show (the limit "
                f"is {self.max_matches}). Narrow the search: a more specific pattern, a subdirectory as `path`, or "
                f"a file filter as `include`. Files with the most matches:\n{_top(per_file)}",
                is_error=True,
            )
        header = f"{plural(total, 'match', 'matches')} for {query} in {plural(len(per_file), 'file')}:"
        return ToolResult(output="\n".join([header, *shown]))

    def _glob(self, workspace: Path, files: list[Path], pattern: str) -> ToolResult:
        found = [name for name in (relative_name(workspace, path) for path in files) if glob_matches(name, pattern)]
        if not found:
            return ToolResult(output=f"no files match {pattern!r}")
        if len(found) > self.max_files:
            folders = Counter(str(PurePosixPath(name).parent) + "/" for name in found)
            return ToolResult(
                output=f"{len(found)} files match {pattern!r}: too many to list (the limit is {self.max_files}). "
                f"Narrow the pattern or give a subdirectory as `path`. Directories with the most matches:\n"
                f"{_top(folders)}",
                is_error=True,
            )
        return ToolResult(output="\n".join([f"{plural(len(found), 'file')} match {pattern!r}:", *found]))
