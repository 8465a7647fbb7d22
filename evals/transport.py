"""An httpx transport that stops waiting on a server that has stopped answering.

A hung server would otherwise cost the full timeout on every remaining request of a suite. After a
few consecutive timeouts the server is declared unresponsive and later requests fail at once, as
requests to a dead server do; suites count them exactly like any other transport failure.
"""

from __future__ import annotations

import httpx


class UnresponsiveServer(httpx.TransportError):
    pass


class GuardedTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport | None = None, max_consecutive_timeouts: int = 3) -> None:
        self._inner = inner or httpx.HTTPTransport()
        self._limit = max_consecutive_timeouts
        self._timeouts = 0

    @property
    def gave_up(self) -> bool:
        return self._timeouts >= self._limit

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if self.gave_up:
            raise UnresponsiveServer(
                f"not sent: the server timed out on {self._limit} consecutive requests", request=request
            )
        try:
            response = self._inner.handle_request(request)
        except httpx.TimeoutException:
            self._timeouts += 1
            raise
        self._timeouts = 0
        return response

    def close(self) -> None:
        self._inner.close()
