"""The settings of a real model, known without importing litellm.

They are LitellmModel's options (a test keeps the two equal). A scripted or replayed model accepts them
and leaves them unused, so one spec or command line serves a real and an offline model alike; an option
that is neither a setting nor one the offline model takes is a misspelling, and an error.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ModelSettings(BaseModel):
    """What `make_model` passes to LitellmModel (see its constructor for the meaning of each)."""

    model_config = ConfigDict(extra="forbid")

    api_base: str | None = None
    api_key: str | None = None
    temperature: float = 0.0
    max_tokens: int | None = None
    timeout_s: float = 600.0
    max_retries: int = 6
    retry_wait_s: float = 2.0
    retry_wait_max_s: float = 60.0
    context_window: int | None = None
    extra: dict[str, Any] | None = None
