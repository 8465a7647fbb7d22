"""Read a server log tail: signature hits, the exceptions it shows and where in the app they were raised."""

from __future__ import annotations

import re
from dataclasses import dataclass

from evals.classify.rules.signatures import SIGNATURES, Signature

_ANSI = re.compile(r"\x1b\[[0-9;]*m|\[\d{1,2}(?:;\d+)?m")
_PY_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line \d+, in (?P<func>\S+)')
_PY_EXC = re.compile(r"^(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Warning|Exit))(?::\s*(?P<msg>.*))?$")
_JS_EXC = re.compile(r"^\s*(?:\w+ )?(?P<type>\w*Error)(?: \[[\w\s]+\])?:\s*(?P<msg>.*)$")
_JS_FRAME = re.compile(r"^\s+at (?:(?:async )?(?P<func>[^\s(]+) )?\(?(?P<file>[^():\s]+(?:\.\w+)):\d+:\d+\)?")
_LIBRARY = re.compile(r"site-packages|dist-packages|node_modules|/lib/python\d|^node:|<frozen|internal/")
_LISTENING = re.compile(
    r"listening|running on|server (is )?(running|started)|startup complete|started server process|"
    r"quit the server|booting worker|serving on",
    re.IGNORECASE,
)
_REQUEST_LINE = re.compile(r"\b(GET|POST|PUT|DELETE|PATCH) /api")


@dataclass(frozen=True)
class Hit:
    signature: Signature
    line: str


@dataclass(frozen=True)
class ExceptionSite:
    """An exception of the log and the innermost frame of the app's own code that raised it."""

    type: str
    message: str
    file: str = ""
    function: str = ""
    code: str = ""

    def describe(self) -> str:
        where = f" in {self.function} ({self.file})" if self.file else ""
        return f"{self.type}: {self.message}"[:200] + where


def clean(log: str) -> list[str]:
    return [_ANSI.sub("", line).rstrip() for line in log.splitlines()]


def scan(log: str) -> list[Hit]:
    """Every line matching a signature: its most precise match, then the first in table order."""
    hits = []
    for line in clean(log):
        matches = [s for s in SIGNATURES if s.pattern.search(line)]
        if matches:
            signature = max(matches, key=lambda s: s.strength)  # max keeps the first of equals
            hits.append(Hit(signature, line.strip()[:240]))
    return hits


def exceptions(log: str) -> list[ExceptionSite]:
    """Python and Node exceptions with the app frame closest to where they were raised."""
    lines = clean(log)
    sites: list[ExceptionSite] = []
    frame: tuple[str, str, str] | None = None
    for i, line in enumerate(lines):
        py_frame = _PY_FRAME.match(line)
        if py_frame:
            if not _LIBRARY.search(py_frame["file"]):
                code = lines[i + 1].strip() if i + 1 < len(lines) else ""
                frame = (py_frame["file"], py_frame["func"], code)
            continue
        following = lines[i + 1 : i + 25]
        js_exc = _JS_EXC.match(line)
        if js_exc and following and _JS_FRAME.match(following[0]):
            file, func = _first_app_js_frame(following)
            sites.append(ExceptionSite(js_exc["type"], js_exc["msg"].strip(), file, func))
            continue
        py_exc = _PY_EXC.match(line)
        if py_exc and not line.startswith(" "):
            file, func, code = frame or ("", "", "")
            sites.append(ExceptionSite(py_exc["type"], (py_exc["msg"] or "").strip(), file, func, code))
            frame = None
    return sites


def _first_app_js_frame(following: list[str]) -> tuple[str, str]:
    for line in following:
        match = _JS_FRAME.match(line)
        if match is None:
            if line.strip() and not line.startswith(" "):
                break
            continue
        if not _LIBRARY.search(match["file"]):
            func = match["func"] or ""
            return match["file"], "" if func in {"async", "<anonymous>"} else func
    return "", ""


def says_listening(log: str) -> bool:
    return any(_LISTENING.search(line) for line in clean(log))


def served_requests(log: str) -> bool:
    """The log shows the server handling API requests (access lines)."""
    return any(_REQUEST_LINE.search(line) for line in clean(log))
