"""Hostile responses fail only their own request, within the body cap and the total time per request.

A canned Conduit (tests/tiny_conduit.py) answers every request of the Postman collection right,
except `GET /api/user` ("Current User"), which misbehaves: 1 GB streamed from a generator, a body or a
status line trickling one byte a second, a redirect loop, bytes that are not HTTP. Real sockets, real
threads; the harness's own memory is read from /proc.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from evals.results import RequestLimits, RequestOutcome, SuiteResult
from evals.suites.hurl_v2 import HurlV2Suite
from evals.suites.hurl_v2.dsl import eq, get
from evals.suites.hurl_v2.model import SuiteFile
from evals.suites.postman_v1 import FRESH_DB_ASSERTIONS, PostmanV1Suite
from evals.transport import BoundedClient
from tests.tiny_conduit import TinyConduit, tiny_conduit

MIB = 1024 * 1024
GIB = 1024 * MIB
CURRENT_USER = ("GET", "/api/user")
# "Current User" counts 6 checks when answered; without a usable response its script throws on the
# body before counting any (as newman's does): 6 checks lost, none failed.
CURRENT_USER_CHECKS = 6
Hostile = Callable[[TinyConduit], None]
VARIABLES = {"USERNAME": "u1700000000", "EMAIL": "u1700000000@mail.com", "PASSWORD": "password"}


def _status(handler: TinyConduit, headers: dict[str, str]) -> None:
    handler.close_connection = True
    handler.send_response(200)
    for key, value in headers.items():
        handler.send_header(key, value)
    handler.end_headers()


def one_gigabyte(sent: list[int]) -> Hostile:
    """1 GB of JSON whitespace in 1 MiB chunks (chunked encoding, so no length warns the client)."""

    def answer(handler: TinyConduit) -> None:
        _status(handler, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        block = b" " * MIB
        total = 0
        try:
            while total < GIB:
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
                total += len(block)
            handler.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client hung up: what we want
        sent.append(total)

    return answer


def trickle(stop_after_s: float = 60.0) -> Hostile:
    """A valid response whose body arrives one byte a second."""

    def answer(handler: TinyConduit) -> None:
        _status(handler, {"Content-Type": "application/json", "Content-Length": "100"})
        deadline = time.monotonic() + stop_after_s
        try:
            while time.monotonic() < deadline:
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(1.0)
        except OSError:
            pass

    return answer


def trickled_status_line(handler: TinyConduit) -> None:
    handler.close_connection = True
    try:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}":
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(1.0)
    except OSError:
        pass


def redirect_loop(handler: TinyConduit) -> None:
    handler.send_response(302)
    handler.send_header("Location", "/api/user")
    handler.send_header("Content-Length", "0")
    handler.end_headers()


def garbage(handler: TinyConduit) -> None:
    handler.close_connection = True
    handler.wfile.write(b"SSH-2.0-OpenSSH_9.6\r\n\x00\xff\xfe not http at all \x07\r\n\r\n")


def silent(handler: TinyConduit) -> None:
    handler.close_connection = True
    time.sleep(8.0)


def _peak_rss_reset() -> bool:
    """Reset this process's peak RSS (Linux clear_refs), so the next reading is this test's own peak."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")


def _run_postman(hostile: Hostile, **limits: float) -> tuple[SuiteResult, RequestOutcome, float]:
    with (
        tiny_conduit({CURRENT_USER: hostile}) as (base_url, _),
        BoundedClient(base_url, RequestLimits(**limits)) as client,
    ):
        started = time.monotonic()
        result = PostmanV1Suite(variables=VARIABLES).run(client)
        current_user = next(r for r in result.requests if r.name == "Current User")
        return result, current_user, time.monotonic() - started


def _rest_of_the_suite_passed(result: SuiteResult, current_user: RequestOutcome) -> None:
    assert current_user.name == "Current User" and current_user.status is None
    assert (current_user.passed, current_user.failed) == (0, 0)
    assert "test script stopped" in (current_user.error or "")
    assert (result.passed, result.failed) == (FRESH_DB_ASSERTIONS - CURRENT_USER_CHECKS, 0)
    assert [r.index for r in result.requests if r.error] == [current_user.index]


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads its memory from /proc")
def test_one_gigabyte_body_fails_its_request_and_costs_little_memory() -> None:
    sent: list[int] = []
    exact_peak = _peak_rss_reset()
    before_kib = _status_kib("VmRSS") if exact_peak else _status_kib("VmHWM")
    result, current_user, _ = _run_postman(one_gigabyte(sent))
    grown_mib = (_status_kib("VmHWM") - before_kib) / 1024

    assert (current_user.error or "").startswith("ResponseTooLarge: response body larger than 16 MiB;")
    assert current_user.transport_failure == "too_large"
    _rest_of_the_suite_passed(result, current_user)
    # The cap is 16 MiB: the body is never held whole (that alone would be 1024 MiB).
    assert grown_mib < 200, f"peak resident memory grew by {grown_mib:.0f} MiB"
    assert sent and sent[0] < GIB / 4, "the harness stopped reading long before the end"


def test_the_cap_is_an_option_and_a_declared_length_fails_at_once() -> None:
    body = b'{"user": {"email": "' + b"x" * (3 * MIB) + b'"}}'

    def large(handler: TinyConduit) -> None:
        handler._send(200, body)

    _, small_cap, _ = _run_postman(large, max_body_mb=2)
    assert (small_cap.error or "").startswith(
        f"ResponseTooLarge: response body larger than 2 MiB (Content-Length {len(body)});"
    )
    _, large_cap, _ = _run_postman(large, max_body_mb=4)
    assert large_cap.error is None and large_cap.status == 200


def test_a_compressed_body_is_capped_once_decoded() -> None:
    bomb = gzip.compress(b" " * (64 * MIB))
    assert len(bomb) < MIB

    def compressed(handler: TinyConduit) -> None:
        _status(handler, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
        handler.wfile.write(bomb)

    result, current_user, _ = _run_postman(compressed)
    assert (current_user.error or "").startswith("ResponseTooLarge: response body larger than 16 MiB once decoded;")
    _rest_of_the_suite_passed(result, current_user)


def test_a_trickling_body_stops_at_the_total_time_per_request() -> None:
    result, current_user, elapsed = _run_postman(trickle(), request_timeout_s=2.0)
    assert current_user.transport_failure == "too_slow"
    assert current_user.error is not None and "response not complete within 2 s" in current_user.error
    # Each read waits at most the 10 s idle timeout, so without a total time this request would take 100 s.
    assert current_user.duration_ms >= 1900 and elapsed < 30
    _rest_of_the_suite_passed(result, current_user)


def test_a_trickling_status_line_stops_at_the_total_time_too() -> None:
    result, current_user, elapsed = _run_postman(trickled_status_line, request_timeout_s=2.0)
    assert current_user.transport_failure == "too_slow" and elapsed < 30
    _rest_of_the_suite_passed(result, current_user)


def test_a_silent_server_times_out_at_the_total_time() -> None:
    result, current_user, _ = _run_postman(silent, request_timeout_s=1.0)
    assert current_user.transport_failure == "timeout"
    assert (current_user.error or "").startswith(
        "ReadTimeout: timed out: no answer within 1 s (the total time per request);"
    )
    _rest_of_the_suite_passed(result, current_user)


def test_a_redirect_loop_fails_only_its_request() -> None:
    result, current_user, _ = _run_postman(redirect_loop)
    assert current_user.transport_failure == "redirect_loop"
    assert current_user.error is not None and current_user.error.startswith("TooManyRedirects")
    _rest_of_the_suite_passed(result, current_user)


def test_garbage_bytes_fail_only_their_request() -> None:
    result, current_user, _ = _run_postman(garbage)
    assert current_user.transport_failure == "bad_http"
    assert current_user.error is not None and current_user.error.startswith("RemoteProtocolError")
    _rest_of_the_suite_passed(result, current_user)


def test_the_hurl_runner_reads_bodies_within_the_same_bounds() -> None:
    sent: list[int] = []
    files = (
        SuiteFile(
            "bounds",
            (
                get("a huge body", "/api/user", status=200, checks=[eq("$.user.username", "u")]),
                get("the tags after it", "/api/tags", status=200, checks=[eq("$.tags[0]", "dragons")]),
            ),
        ),
    )
    with (
        tiny_conduit({CURRENT_USER: one_gigabyte(sent)}) as (base_url, _),
        BoundedClient(base_url, RequestLimits()) as client,
    ):
        huge, tags = HurlV2Suite(uid="x", files=files).run(client).requests
    assert huge.transport_failure == "too_large" and huge.error is not None and "larger than 16 MiB" in huge.error
    assert (huge.passed, huge.failed) == (0, 2)
    assert (tags.status, tags.passed, tags.failed) == (200, 2, 0)


def test_unresponsive_server_is_given_up_after_three_timeouts() -> None:
    outcomes = []
    with (
        tiny_conduit({CURRENT_USER: silent}) as (base_url, log),
        BoundedClient(base_url, RequestLimits(request_timeout_s=1.0)) as client,
    ):
        for _ in range(4):
            try:
                client.get("/api/user")
            except httpx.HTTPError as exc:
                outcomes.append(type(exc).__name__)
        sent = len(log)
    assert outcomes == ["ReadTimeout", "ReadTimeout", "ReadTimeout", "UnresponsiveServer"]
    assert sent == 3
