"""Shell scripts (run.sh) read for database evidence: which variables they read, and which parts of
a line only compare against a URL (a `case` pattern, a `[[ ... == postgres* ]]` test, a `${VAR#...}`
expansion) instead of connecting to one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_READ = re.compile(r"\$\{?(DATABASE_URL|PG(?:HOST|PORT|USER|PASSWORD|DATABASE)|SQLITE_PATH)\b")
_CASE_START = re.compile(r"(^|[;\s])case\s+.+\s+in(\s|$)")
_CASE_END = re.compile(r"(^|[;\s])esac\b")
_CASE_PATTERN = re.compile(r"^\s*\(?\s*([^()\s][^()]*?)\)")
_TEST = re.compile(r"\[\[?[^\]]*(==|=~|!=|\s=\s)[^\]]*\]\]?")
_PATTERN_EXPANSION = re.compile(r"\$\{\w+(?:##?|%%?|//?)[^}]*\}")
DEFAULT = re.compile(r"\$\{\w+:?[-=]")


@dataclass(frozen=True)
class ShellPart:
    line: int
    text: str
    comparing: bool


def reads(text: str) -> list[tuple[str, int]]:
    """Variables the script expands (`$DATABASE_URL`, `${PGHOST}`), with their line."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.lstrip().startswith("#"):
            found += [(match.group(1), number) for match in _READ.finditer(line)]
    return found


def parts(text: str) -> Iterator[ShellPart]:
    """The script's lines (comments left out), split into what compares and what does not."""
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        if _CASE_START.search(line):
            depth += 1
            yield ShellPart(number, line, True)
            continue
        rest = line
        if depth:
            pattern = _CASE_PATTERN.match(line)
            if pattern:
                yield ShellPart(number, pattern.group(0), True)
                rest = line[pattern.end() :]
        if _CASE_END.search(line):
            depth = max(depth - 1, 0)
        for match in [*_TEST.finditer(rest), *_PATTERN_EXPANSION.finditer(rest)]:
            yield ShellPart(number, match.group(0), True)
        rest = _PATTERN_EXPANSION.sub(" ", _TEST.sub(" ", rest))
        if rest.strip():
            yield ShellPart(number, rest, False)
