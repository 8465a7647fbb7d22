"""Capturing a command's output with bounded memory, even when it prints gigabytes."""

from __future__ import annotations

import threading
import time

HEAD_BYTES = 256 * 1024
TAIL_BYTES = 256 * 1024


class BoundedOutput:
    """Keeps the first and last bytes of a stream and counts what fell in between.

    After `seal()` further bytes are read but dropped: processes a command left running in the
    background keep writing to the pipe, and must neither block on it nor pollute the next result.
    """

    def __init__(self, head_bytes: int = HEAD_BYTES, tail_bytes: int = TAIL_BYTES) -> None:
        self._head = bytearray()
        self._tail = bytearray()
        self._head_limit = head_bytes
        self._tail_limit = tail_bytes
        self._dropped = 0
        self._sealed = False
        self._lock = threading.Lock()
        self.received = 0  # bytes fed so far, kept or not

    def feed(self, chunk: bytes) -> None:
        with self._lock:
            if self._sealed:
                return
            self.received += len(chunk)
            room = self._head_limit - len(self._head)
            if room > 0:
                self._head += chunk[:room]
                chunk = chunk[room:]
            if not chunk:
                return
            self._tail += chunk
            overflow = len(self._tail) - self._tail_limit
            if overflow > 0:
                del self._tail[:overflow]
                self._dropped += overflow

    def seal(self) -> None:
        with self._lock:
            self._sealed = True

    def text(self) -> str:
        with self._lock:
            head = self._head.decode("utf-8", errors="replace")
            tail = self._tail.decode("utf-8", errors="replace")
            if self._dropped:
                return f"{head}\n[... {self._dropped} bytes of output cut by the sandbox ...]\n{tail}"
            return head + tail


def drain(pump: threading.Thread, sink: BoundedOutput, quiet_s: float = 0.3, budget_s: float = 10.0) -> None:
    """Wait for the reader to finish, or for the output to stay quiet for `quiet_s`, then seal the sink.

    The command has ended; only processes it left in the background can keep the stream open.
    """
    deadline = time.monotonic() + budget_s
    seen = -1
    while pump.is_alive() and sink.received != seen and time.monotonic() < deadline:
        seen = sink.received
        pump.join(timeout=quiet_s)
    sink.seal()
