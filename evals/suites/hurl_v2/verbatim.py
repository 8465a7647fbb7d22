"""Requests whose header values httpx refuses, sent byte for byte as curl (under Hurl) sends them.

h11, under httpx, rejects a header value with leading or trailing whitespace, such as the
`Authorization: Token ` that an empty captured token makes. curl sends that line as written, and the
app's server decides what it means (Node's parser strips the space, Python's http.server keeps it), so
such a request goes through `http.client`, which refuses only line breaks. It keeps the suite client's
bounds: the idle timeout per socket operation, the total time per request (the socket is shut when it
runs out, however slowly the bytes trickle) and the body size cap; failures are raised as the httpx
exceptions the bounded transport raises, so they are counted the same way.
"""

from __future__ import annotations

import http.client
import socket
import threading

import httpx

from evals.results import RequestLimits
from evals.transport import ResponseTooLarge, TotalTimeExceeded

_READ_SLICE = 65536
# Decoding stays off (curl without --compressed asks for none); one request per connection.
_DROPPED = {b"accept-encoding", b"connection", b"content-length"}


def needs_verbatim(headers: dict[str, str]) -> bool:
    """True when some header value starts or ends with whitespace, which h11 will not send."""
    return any(value != value.strip(" \t") for value in headers.values())


def send_verbatim(
    client: httpx.Client, method: str, path: str, headers: dict[str, str], content: bytes | None
) -> httpx.Response:
    """Send one request with exactly these header values; the body is read whole, within the bounds."""
    limits: RequestLimits = getattr(client, "request_limits", None) or RequestLimits()
    request = client.build_request(method, path, headers=headers)
    idle = min(client.timeout.read or limits.idle_timeout_s, limits.request_timeout_s)
    connection = http.client.HTTPConnection(request.url.host, request.url.port or 80, timeout=idle)
    expired = threading.Event()

    def shut() -> None:
        expired.set()
        if connection.sock is not None:
            connection.sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(limits.request_timeout_s, shut)
    timer.start()
    try:
        connection.putrequest(method, request.url.raw_path.decode("ascii"), skip_host=True, skip_accept_encoding=True)
        for name, value in request.headers.raw:
            if name.lower() not in _DROPPED:
                connection.putheader(name.decode("latin-1"), value.decode("latin-1"))
        connection.putheader("Connection", "close")
        if content is not None:
            connection.putheader("Content-Length", str(len(content)))
        connection.endheaders(content)
        response = connection.getresponse()
        body = _read_capped(response, limits, request)
        return httpx.Response(response.status, headers=response.getheaders(), content=body, request=request)
    except (OSError, http.client.HTTPException) as exc:
        raise _equivalent(exc, expired.is_set(), limits, request) from exc
    finally:
        timer.cancel()
        connection.close()


def _read_capped(response: http.client.HTTPResponse, limits: RequestLimits, request: httpx.Request) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > limits.max_body_bytes:
        detail = f" (Content-Length {int(declared)})"
        raise ResponseTooLarge(f"response body larger than {limits.max_body_mb} MiB{detail}", request=request)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(_READ_SLICE):
        size += len(chunk)
        if size > limits.max_body_bytes:
            raise ResponseTooLarge(f"response body larger than {limits.max_body_mb} MiB", request=request)
        chunks.append(chunk)
    return b"".join(chunks)


def _equivalent(
    exc: BaseException, expired: bool, limits: RequestLimits, request: httpx.Request
) -> httpx.TransportError:
    """The exception the bounded transport raises for the same failure."""
    if expired:
        total = f"{limits.request_timeout_s:g} s"
        return TotalTimeExceeded(f"response not complete within {total} (the total time per request)", request=request)
    if isinstance(exc, TimeoutError):
        return httpx.ReadTimeout(f"timed out: {exc}", request=request)
    if isinstance(exc, ConnectionRefusedError):
        return httpx.ConnectError(str(exc), request=request)
    if isinstance(exc, http.client.RemoteDisconnected | ConnectionResetError | BrokenPipeError):
        return httpx.RemoteProtocolError(f"Server disconnected without sending a response: {exc}", request=request)
    if isinstance(exc, http.client.HTTPException):
        return httpx.RemoteProtocolError(f"not HTTP: {type(exc).__name__}: {exc}", request=request)
    return httpx.ReadError(str(exc), request=request)
