"""The context window an OpenAI-compatible server states for a model in `GET /models`.

vLLM lists `max_model_len`; other servers (LM Studio, OpenRouter-style gateways) say `context_length` or
`max_context_length`. Asked once, when neither the user nor litellm's table gives a figure.
"""

from __future__ import annotations

from typing import Any

import httpx

_FIELDS = ("max_model_len", "context_length", "max_context_length", "context_window")


def _window(entry: dict[str, Any]) -> int | None:
    for field in _FIELDS:
        value = entry.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def served_context_window(api_base: str, model: str, api_key: str | None, timeout_s: float = 5.0) -> int | None:
    """The window the server at `api_base` states for `model` (its name with or without the provider
    prefix; a server listing a single model is taken to serve that one); None when it does not say."""
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    try:
        response = httpx.get(f"{api_base.rstrip('/')}/models", headers=headers, timeout=timeout_s)
        listed = response.json().get("data") if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError, AttributeError):
        return None  # no listing: the window stays unknown, as it was
    entries = [entry for entry in listed or [] if isinstance(entry, dict)]
    served = model.split("/", 1)[1] if "/" in model else model
    named = [entry for entry in entries if entry.get("id") in (model, served)]
    chosen = named or (entries if len(entries) == 1 else [])
    return _window(chosen[0]) if chosen else None
