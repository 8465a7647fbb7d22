"""Recording the requests that reach litellm.completion, which still answers with its offline mocks."""

from __future__ import annotations

from typing import Any

import pytest

from agent.models._litellm import litellm


def record_completions(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """The list every later litellm.completion request is appended to (undone with `monkeypatch`)."""
    seen: list[dict[str, Any]] = []
    real = litellm.completion

    def recording(**kwargs: Any) -> Any:
        seen.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(litellm, "completion", recording)
    return seen
