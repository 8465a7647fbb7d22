"""Each exception block of the server log tied to the request that produced it.

A traceback is tied by time and order: to the request in flight when the harness read the block, else
to the last request sent before it (a server may print after it has answered); a block before the
first request belongs to start-up. The harness reads the app's output a little after the app wrote it,
so when that request did not fail with a server error but one just before it (within LAG_S) did, the
block is that one's. The log itself is bounded (tools/apps/bounded_log.py), so an early traceback of a
long `--suite all` run survives even when the stored tail no longer holds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

LAG_S = 2.0


class LoggedException(BaseModel):
    """One exception block of the server's output and the request it belongs to (None: start-up)."""

    text: str
    seconds: float  # since the first request was sent (negative: during start-up)
    suite: str | None = None
    request_index: int | None = None
    request: str | None = None  # "Register POST /api/users"


@dataclass(frozen=True)
class RequestWindow:
    suite: str
    index: int
    label: str
    started: float  # monotonic seconds
    finished: float
    server_error: bool = False  # answered 5xx, or not at all


def tie(events: list[tuple[float, str]], windows: list[RequestWindow]) -> list[LoggedException]:
    """The exception blocks (monotonic time, text) with their requests, in the order they happened."""
    ordered = sorted(windows, key=lambda window: window.started)
    origin = ordered[0].started if ordered else (events[0][0] if events else 0.0)
    tied = []
    for at, text in sorted(events, key=lambda event: event[0]):
        before = [w for w in ordered if w.started <= at]
        owner = before[-1] if before else None
        for window in reversed(before):
            if window.finished < at - LAG_S:
                break
            if window.server_error:
                owner = window
                break
        tied.append(
            LoggedException(
                text=text,
                seconds=round(at - origin, 3),
                suite=owner.suite if owner else None,
                request_index=owner.index if owner else None,
                request=owner.label if owner else None,
            )
        )
    return tied
