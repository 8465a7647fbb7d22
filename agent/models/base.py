"""The model protocol: messages and tool schemas in, one assistant turn out, with its cost."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, Field

# Messages use the OpenAI chat format that litellm speaks for every provider:
# {"role": "system"|"user"|"assistant"|"tool", "content": ..., "tool_calls": [...], "tool_call_id": ...}
Message = dict[str, Any]
ToolSchema = dict[str, Any]  # {"type": "function", "function": {"name", "description", "parameters"}}


class ToolCall(BaseModel):
    id: str
    name: str
    # Raw JSON text as the model produced it; the loop parses it and answers malformed calls.
    arguments: str = "{}"


class Retry(BaseModel):
    """One failed attempt that was retried: what the provider said, and how long we waited after it."""

    error: str
    wait_s: float
    status: int | None = None  # the HTTP status, when there was an answer
    retry_after: bool = False  # the wait is the one the provider asked for (Retry-After)


class AssistantTurn(BaseModel):
    content: str | None = None
    tool_calls: list[ToolCall] = Field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    model: str = ""
    retries: list[Retry] = Field(default_factory=list)  # attempts before this answer, so slow providers show

    def as_message(self) -> Message:
        """The turn as an assistant message to append to the history."""
        message: Message = {"role": "assistant", "content": self.content}
        if self.tool_calls:
            message["tool_calls"] = [
                {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.arguments}}
                for c in self.tool_calls
            ]
        return message


class ModelError(RuntimeError):
    """The model could not answer (after retries, where retrying makes sense)."""

    def __init__(self, message: str, retries: list[Retry] | None = None) -> None:
        super().__init__(message)
        self.retries = list(retries or [])  # the attempts retried before giving up


class ModelAuthError(ModelError):
    """Credentials were rejected or are missing; never retried."""


class ContextWindowExceeded(ModelError):
    """The request was longer than the model's context window; the loop condenses and tries again."""


class ModelExhausted(ModelError):
    """A scripted or replayed model has no turns left."""


# The window assumed when neither the user nor litellm's table states one: the history is condensed to
# fit it, and an Ollama server is asked to hold it (num_ctx).
DEFAULT_CONTEXT_TOKENS = 128_000


class Model(Protocol):
    name: str
    # Tokens the model accepts, or None when unknown; used to decide when to condense the history.
    context_window: int | None

    def complete(self, messages: list[Message], tools: list[ToolSchema]) -> AssistantTurn: ...


@runtime_checkable
class SkipsTurns(Protocol):
    """A model that answers without reading the history (scripted, replayed).

    A resumed run cannot show it where the run stopped, so it is told how many of its turns the trajectory
    already holds. A model that reads the history (every real one) needs no such method.
    """

    def skip_turns(self, count: int) -> None: ...
