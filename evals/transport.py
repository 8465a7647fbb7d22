"""How the suites reach the app under test: bounded in time and size, and wary of a dead server.

`BoundedTransport` sends one request at a time with a total time (as newman's `--timeout-request`)
on top of the idle timeout, streams the body and stops reading at the size cap, so a hostile server
costs at most the cap in memory and the total time per request. `GuardedTransport` stops waiting on a
server that has stopped answering: after a few consecutive timeouts later requests fail at once, as
requests to a dead server do; suites count them exactly like any other transport failure.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpcore
import httpx

from evals.deadline import ClockedBackend, RequestClock
from evals.results import RequestLimits, TransportFailure
from tools.apps.task_start import SUITE_API_BASE, at_api_base, normal_api_base

# A compressed body is decoded in slices this big, so one slice cannot expand past a few MiB.
_DECODE_SLICE = 4096
_HTTPCORE_NAMES = (
    "ConnectTimeout", "ReadTimeout", "WriteTimeout", "PoolTimeout", "TimeoutException", "ConnectError",
    "ReadError", "WriteError", "NetworkError", "RemoteProtocolError", "LocalProtocolError", "ProtocolError",
    "ProxyError", "UnsupportedProtocol",
)  # fmt: skip
_EQUIVALENT = {getattr(httpcore, name): getattr(httpx, name) for name in _HTTPCORE_NAMES}


class ResponseTooLarge(httpx.TransportError):
    """The body passed the size cap; reading stopped there."""


class TotalTimeExceeded(httpx.TimeoutException):
    """The request took longer in all than the total time allowed, however the bytes trickled."""


class UnresponsiveServer(httpx.TransportError):
    pass


class BoundedTransport(httpx.BaseTransport):
    """One request at a time over httpcore, within `limits`; the body is read here, up to the cap."""

    def __init__(self, limits: RequestLimits) -> None:
        self.limits = limits
        self._clock = RequestClock()
        self._pool = httpcore.ConnectionPool(network_backend=ClockedBackend(self._clock))

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        self._clock.start(self.limits.request_timeout_s)
        try:
            response = self._pool.handle_request(core_request)
            try:
                body = self._read_body(response, request)
            finally:
                response.close()
        except httpcore.TimeoutException as exc:
            raise self._timeout(exc, request) from exc
        except tuple(_EQUIVALENT) as exc:
            raise _equivalent(exc, request) from exc
        finally:
            self._clock.stop()
        headers = httpx.Headers(response.headers)
        _check_decoded_size(response.status, headers, body, self.limits, request)
        return httpx.Response(
            response.status, headers=headers, stream=httpx.ByteStream(body), extensions=response.extensions
        )

    def _read_body(self, response: httpcore.Response, request: httpx.Request) -> bytes:
        cap = self.limits.max_body_bytes
        declared = next((value for key, value in response.headers if key.lower() == b"content-length"), b"")
        if declared.strip().isdigit() and int(declared) > cap:
            raise _too_large(self.limits, request, f" (Content-Length {int(declared)})")
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_stream():
            size += len(chunk)
            if size > cap:
                raise _too_large(self.limits, request)
            chunks.append(chunk)
        return b"".join(chunks)

    def _timeout(self, exc: httpcore.TimeoutException, request: httpx.Request) -> httpx.TransportError:
        if not self._clock.expired:
            return _equivalent(exc, request)
        total = f"{self.limits.request_timeout_s:g} s"
        if self._clock.received:
            message = f"response not complete within {total} (the total time per request): {self._clock.received} bytes"
            return TotalTimeExceeded(message, request=request)
        return httpx.ReadTimeout(f"timed out: no answer within {total} (the total time per request)", request=request)

    def close(self) -> None:
        self._pool.close()


def _equivalent(exc: Exception, request: httpx.Request) -> httpx.TransportError:
    """httpx's exception for an httpcore one (the same names), so callers see what httpx would raise."""
    cls = next(cls for cls in type(exc).__mro__ if cls in _EQUIVALENT)
    return _EQUIVALENT[cls](str(exc), request=request)


def _too_large(limits: RequestLimits, request: httpx.Request, detail: str = "") -> ResponseTooLarge:
    return ResponseTooLarge(f"response body larger than {limits.max_body_mb} MiB{detail}", request=request)


class _Slices(httpx.SyncByteStream):
    def __init__(self, body: bytes) -> None:
        self._body = body

    def __iter__(self) -> Iterator[bytes]:
        for start in range(0, len(self._body), _DECODE_SLICE):
            yield self._body[start : start + _DECODE_SLICE]


def _check_decoded_size(
    status: int, headers: httpx.Headers, body: bytes, limits: RequestLimits, request: httpx.Request
) -> None:
    """A compressed body must stay under the cap once decoded too (a few KiB of gzip can hold GiBs)."""
    if headers.get("content-encoding", "identity").strip().lower() == "identity":
        return
    probe = httpx.Response(status, headers=headers, stream=_Slices(body))
    size = 0
    for chunk in probe.iter_bytes():
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise _too_large(limits, request, " once decoded")


class GuardedTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport | None = None, max_consecutive_timeouts: int = 3) -> None:
        self._inner = inner or BoundedTransport(RequestLimits())
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


class BoundedClient(httpx.Client):
    """The client suites get: bounded requests to the app at `base_url`; `request_limits` says how, and
    `api_base` where the app serves what the suites address as `/api`."""

    def __init__(self, base_url: str, limits: RequestLimits, api_base: str = SUITE_API_BASE) -> None:
        idle = min(limits.idle_timeout_s, limits.request_timeout_s)
        transport = at_api_base(GuardedTransport(BoundedTransport(limits)), api_base)
        # No proxies from the environment: they would be mounted beside the bounded transport, not through it.
        super().__init__(base_url=base_url, timeout=idle, transport=transport, trust_env=False)
        self.request_limits = limits
        self.api_base = normal_api_base(api_base)


def failure_of(exc: BaseException) -> TransportFailure:
    """What kind of transport failure an exception raised by a request is."""
    kinds: tuple[tuple[type[BaseException], TransportFailure], ...] = (
        (UnresponsiveServer, "unresponsive"),
        (TotalTimeExceeded, "too_slow"),
        (httpx.TimeoutException, "timeout"),
        (ResponseTooLarge, "too_large"),
        (httpx.TooManyRedirects, "redirect_loop"),
        (httpx.ConnectError, "refused"),
        (httpx.ReadError, "disconnected"),
        (httpx.WriteError, "disconnected"),
    )
    for cls, kind in kinds:
        if isinstance(exc, cls):
            return kind
    if isinstance(exc, httpx.RemoteProtocolError):
        return "disconnected" if "disconnected" in str(exc).lower() else "bad_http"
    if isinstance(exc, httpx.DecodingError | httpx.ProtocolError):
        return "bad_http"
    return "other"
