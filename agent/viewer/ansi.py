"""Terminal colour codes in tool output and server logs: rendered as HTML, or stripped.

Only real escape characters are read (a source file that spells `\\x1b[31m` is shown as written).
Colours are the 16 standard ones (SGR 30-37, 90-97 and their backgrounds); 256-colour and true-colour
codes are accepted and shown in the default colour; every other control sequence is dropped.
"""

from __future__ import annotations

import html
import re

_CSI = re.compile(r"\x1b\[([0-9;:?]*)([@-~])")
_OTHER = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78NOcDEHM]|\x1b")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NAMES = ("black", "red", "green", "yellow", "blue", "magenta", "cyan", "white")


def _overwritten(text: str) -> str:
    """What a terminal would leave of lines rewritten with a carriage return (progress bars): the last write."""
    text = text.replace("\r\n", "\n")
    if "\r" not in text:
        return text
    return "\n".join(line.rstrip("\r").rsplit("\r", 1)[-1] for line in text.split("\n"))


def strip_ansi(text: str) -> str:
    """The text without escape sequences or other control characters (tabs and newlines stay)."""
    return _CONTROL.sub("", _OTHER.sub("", _CSI.sub("", _overwritten(text))))


def _classes(state: dict[str, str | bool]) -> str:
    names = [f"ansi-{key}" for key in ("bold", "dim", "italic", "underline") if state.get(key)]
    names += [f"ansi-{state[key]}" for key in ("fg", "bg") if state.get(key)]
    return " ".join(names)


def _apply(params: str, state: dict[str, str | bool]) -> None:
    codes = [int(part) if part.isdigit() else 0 for part in params.replace(":", ";").split(";")] if params else [0]
    index = 0
    while index < len(codes):
        code = codes[index]
        if code == 0:
            state.clear()
        elif code in (1, 2, 3, 4):
            state[("bold", "dim", "italic", "underline")[code - 1]] = True
        elif code in (22, 23, 24):
            for key in {22: ("bold", "dim"), 23: ("italic",), 24: ("underline",)}[code]:
                state.pop(key, None)
        elif 30 <= code <= 37 or 90 <= code <= 97:
            state["fg"] = ("bright-" if code >= 90 else "") + _NAMES[code % 10]
        elif 40 <= code <= 47 or 100 <= code <= 107:
            state["bg"] = "bg-" + ("bright-" if code >= 100 else "") + _NAMES[code % 10]
        elif code in (39, 49):
            state.pop("fg" if code == 39 else "bg", None)
        elif code in (38, 48):  # 38;5;n or 38;2;r;g;b: skipped, default colour
            index += 2 if index + 1 < len(codes) and codes[index + 1] == 5 else 4
        index += 1


def ansi_to_html(text: str) -> str:
    """Escaped HTML with <span class="ansi-..."> for colours and weights; no other markup."""
    text = _overwritten(text)
    state: dict[str, str | bool] = {}
    parts: list[str] = []
    position = 0
    for match in _CSI.finditer(text):
        parts.append(_span(text[position : match.start()], state))
        if match.group(2) == "m":
            _apply(match.group(1), state)
        position = match.end()
    parts.append(_span(text[position:], state))
    return "".join(parts)


def _span(chunk: str, state: dict[str, str | bool]) -> str:
    if not chunk:
        return ""
    escaped = html.escape(_CONTROL.sub("", _OTHER.sub("", chunk)))
    classes = _classes(state)
    return f'<span class="{classes}">{escaped}</span>' if classes else escaped
