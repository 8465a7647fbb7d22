"""Reading a child's output pipe on a thread of its own, so the child never blocks on a full pipe."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from typing import IO

CHUNK = 64 * 1024


def start_pump(stream: IO[bytes], feed: Callable[[bytes], None], name: str = "output-pump") -> threading.Thread:
    """Hand each chunk of `stream` to `feed` on a daemon thread until end of file, then close the stream.

    os.read returns what is there: a buffered read would wait for a whole chunk.
    """

    def pump() -> None:
        try:
            with contextlib.suppress(OSError, ValueError):  # the pipe closed under us: end of output
                while chunk := os.read(stream.fileno(), CHUNK):
                    feed(chunk)
        finally:
            stream.close()

    thread = threading.Thread(target=pump, name=name, daemon=True)
    thread.start()
    return thread
