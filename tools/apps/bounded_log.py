"""An app's log with a size cap: the head, the tail, every distinct exception block, and what was cut.

A server that floods its output (hundreds of megabytes) must cost neither the disk nor the harness's
memory, yet the evidence a failure classifier needs survives: how it started (head), how it ended
(tail), and each traceback or stack trace in between.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import deque
from pathlib import Path

HEAD_BYTES = 64 * 1024
TAIL_BYTES = 256 * 1024
EXCEPTION_BYTES = 256 * 1024
MAX_LINE = 8 * 1024
# Each exception block as it happened, with when it began: what ties a traceback to its request.
MAX_EVENTS = 200
EVENT_CHARS = 6000

_PY_START = re.compile(rb"^Traceback \(most recent call last\):")
_JS_FRAME = re.compile(rb"^\s+at \S")


class BoundedLog:
    """Fed by a reader thread; `text()` at any time, `close()` writes the final file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.received = 0
        self._head = bytearray()
        self._tail: deque[bytes] = deque()
        self._tail_size = 0
        self._cut = 0
        self._partial = b""
        self._block: list[bytes] | None = None
        self._block_kind = "py"
        self._previous = b""
        self._exceptions: dict[bytes, int] = {}
        self._exception_size = 0
        self._block_at = 0.0
        self._events: list[tuple[float, str]] = []
        self._lock = threading.Lock()

    def feed(self, chunk: bytes) -> None:
        with self._lock:
            self.received += len(chunk)
            room = HEAD_BYTES - len(self._head)
            if room > 0 and not self._tail:
                self._head += chunk[:room]
                rest = chunk[room:]
            else:
                rest = chunk
            if rest:
                self._tail.append(rest)
                self._tail_size += len(rest)
                while self._tail_size - len(self._tail[0]) >= TAIL_BYTES:
                    dropped = self._tail.popleft()
                    self._tail_size -= len(dropped)
                    self._cut += len(dropped)
            self._scan_lines(chunk)

    def _scan_lines(self, chunk: bytes) -> None:
        data = self._partial + chunk
        if self._block is None and b"Traceback" not in data and b" at " not in data:
            # Most output holds no exception: keep only what a block starting next would need.
            head, _, self._partial = data.rpartition(b"\n")
            if head:
                self._previous = head[head.rfind(b"\n") + 1 :][:MAX_LINE]
            self._partial = self._partial[-MAX_LINE:]
            return
        lines = data.split(b"\n")
        self._partial = lines.pop()[-MAX_LINE:]
        for line in lines:
            self._exception_line(line[:MAX_LINE])

    def _exception_line(self, line: bytes) -> None:
        if self._block is not None:
            if self._block_kind == "js" and not _JS_FRAME.match(line):
                self._keep_block()  # a JavaScript stack ends with its last `at` frame
            else:
                self._block.append(line)
                # A Python traceback ends at its first unindented line after the frames: the exception.
                if (self._block_kind == "py" and not line.startswith((b" ", b"\t"))) or len(self._block) > 200:
                    self._keep_block()
                self._previous = line
                return
        if _PY_START.match(line):
            self._block, self._block_kind, self._block_at = [line], "py", time.monotonic()
        elif _JS_FRAME.match(line):
            self._block, self._block_kind, self._block_at = [self._previous, line], "js", time.monotonic()
        self._previous = line

    def _keep_block(self) -> None:
        assert self._block is not None
        block = b"\n".join(self._block)
        self._block = None
        if len(self._events) < MAX_EVENTS:
            self._events.append((self._block_at, block.decode("utf-8", errors="replace")[-EVENT_CHARS:]))
        if block in self._exceptions:
            self._exceptions[block] += 1
        elif self._exception_size + len(block) <= EXCEPTION_BYTES:
            self._exceptions[block] = 1
            self._exception_size += len(block)

    def text(self) -> str:
        """The whole log as kept: head, the note on what was cut with the exception blocks, then the tail."""
        with self._lock:
            return self._render().decode("utf-8", errors="replace")

    def exception_events(self) -> list[tuple[float, str]]:
        """Every exception block in order (the first MAX_EVENTS), with the monotonic time it began."""
        with self._lock:
            return list(self._events)

    def tail(self, max_chars: int) -> str:
        return self.text()[-max_chars:]

    def _render(self) -> bytes:
        tail = b"".join(self._tail)
        if not self._cut:
            return bytes(self._head) + tail
        note = [f"\n[... {self._cut} bytes of server output cut by the harness".encode()]
        if self._exceptions:
            note.append(b"; the exception blocks among them:")
            for block, count in self._exceptions.items():
                repeat = f" (x{count})".encode() if count > 1 else b""
                note.append(b"\n" + block + repeat)
            note.append(b"\n[end of exception blocks")
        note.append(b" ...]\n")
        return bytes(self._head) + b"".join(note) + tail

    def close(self) -> None:
        with self._lock:
            if self._block is not None:
                self._keep_block()
            content = self._render()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_bytes(content)
        os.replace(temporary, self.path)
