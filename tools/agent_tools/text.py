"""Fitting text into an observation: cut in the middle, number lines, clip long lines."""

from __future__ import annotations


def cut_middle(text: str, head: int, tail: int) -> str:
    """Keep `head` characters from the start and `tail` from the end, saying how many were cut."""
    if len(text) <= head + tail:
        return text
    cut = len(text) - head - tail
    return f"{text[:head]}\n[... {cut} characters cut ...]\n{text[len(text) - tail :] if tail else ''}"


def clip_line(line: str, width: int) -> str:
    if len(line) <= width:
        return line
    return f"{line[:width]} [... {len(line) - width} more characters on this line]"


def numbered(lines: list[str], first: int, width: int = 400) -> str:
    """`cat -n` style: the line number, a tab, the line (clipped to `width`)."""
    return "\n".join(f"{number:6}\t{clip_line(line, width)}" for number, line in enumerate(lines, first))


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"
