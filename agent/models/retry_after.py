"""The wait a provider asks for on a 429 or 503 (`Retry-After`: seconds or an HTTP date), wherever litellm keeps it."""

from __future__ import annotations

import contextlib
import email.utils
import time
from collections.abc import Mapping
from typing import Any

LONGEST_WAIT_S = 600.0  # a provider asking for more is not waited for longer than this


def _headers(exc: BaseException) -> list[Mapping[str, Any]]:
    found: list[Mapping[str, Any]] = []
    for candidate in (
        getattr(exc, "headers", None),
        getattr(exc, "litellm_response_headers", None),
        getattr(getattr(exc, "response", None), "headers", None),
    ):
        if candidate is not None and hasattr(candidate, "get"):
            found.append(candidate)
    return found


def _seconds(value: str) -> float | None:
    text = value.strip()
    with contextlib.suppress(ValueError):  # not a number of seconds: an HTTP date, or nothing usable
        return max(0.0, float(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def retry_after_s(exc: BaseException | None) -> float | None:
    """Seconds the provider asked us to wait before the next attempt, capped; None when it did not say."""
    if exc is None:
        return None
    for headers in _headers(exc):
        for name in ("retry-after", "Retry-After", "retry-after-ms"):
            raw = headers.get(name)
            if raw is None:
                continue
            seconds = _seconds(str(raw))
            if seconds is not None:
                return min(LONGEST_WAIT_S, seconds / 1000 if name == "retry-after-ms" else seconds)
    return None
