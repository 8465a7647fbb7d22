"""A total time per request, enforced on every socket operation (httpcore's network-backend hook).

httpx only knows idle timeouts: each read may wait that long, so a server sending one byte a second
keeps a request alive for ever. Here every connect, read and write waits at most what is left of the
request's deadline, and fails at once when nothing is left.
"""

from __future__ import annotations

import time
import typing

import httpcore

_SLACK_S = 0.005


class DeadlinePassed(httpcore.TimeoutException):
    """The request ran out of its total time (raised by the stream, told apart by the transport)."""


class RequestClock:
    """The deadline of the request being sent (one at a time) and how many bytes it has received."""

    def __init__(self) -> None:
        self.deadline: float | None = None
        self.received = 0

    def start(self, total_s: float) -> None:
        self.deadline = time.monotonic() + total_s
        self.received = 0

    def stop(self) -> None:
        self.deadline = None

    @property
    def expired(self) -> bool:
        # A socket timeout set to the time left may fire a hair early: allow for clock granularity.
        return self.deadline is not None and time.monotonic() >= self.deadline - _SLACK_S

    def timeout(self, idle: float | None) -> float | None:
        """The wait allowed for one socket operation: the idle timeout, cut to what is left."""
        if self.deadline is None:
            return idle
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise DeadlinePassed("total time per request exceeded")
        return left if idle is None else min(idle, left)


class _ClockedStream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, clock: RequestClock) -> None:
        self._inner = inner
        self._clock = clock

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        data = self._inner.read(max_bytes, self._clock.timeout(timeout))
        self._clock.received += len(data)
        return data

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._clock.timeout(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: typing.Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._clock.timeout(timeout))
        return _ClockedStream(inner, self._clock)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class ClockedBackend(httpcore.NetworkBackend):
    """httpcore's own synchronous backend, with every stream it opens bound to `clock`."""

    def __init__(self, clock: RequestClock) -> None:
        self._inner = httpcore.SyncBackend()
        self._clock = clock

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(host, port, self._clock.timeout(timeout), local_address, socket_options)
        return _ClockedStream(stream, self._clock)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: typing.Iterable[typing.Any] | None = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(path, self._clock.timeout(timeout), socket_options)
        return _ClockedStream(stream, self._clock)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)
