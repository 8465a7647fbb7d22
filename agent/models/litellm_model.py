"""Every real provider through litellm: one completion per turn, transient failures retried with backoff."""

from __future__ import annotations

import json
import logging
import os
from typing import Any

import openai
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential
from tenacity.wait import wait_base

from agent.models._litellm import litellm
from agent.models.base import (
    DEFAULT_CONTEXT_TOKENS,
    AssistantTurn,
    ContextWindowExceeded,
    Message,
    ModelAuthError,
    ModelError,
    Retry,
    ToolCall,
    ToolSchema,
)
from agent.models.client_errors import client_side_error, describe_client_side
from agent.models.credentials import key_for
from agent.models.retry_after import retry_after_s
from agent.models.served_window import served_context_window
from agent.models.server_answers import EmptyChoices, unusable_body

__all__ = ["LitellmModel", "context_window_of"]

logger = logging.getLogger(__name__)

# Failures that go away by waiting: rate limits, dropped connections and timeouts, 5xx answers.
_TRANSIENT: tuple[type[BaseException], ...] = (
    litellm.RateLimitError,
    openai.APIConnectionError,  # litellm.APIConnectionError and litellm.Timeout both derive from it
    litellm.InternalServerError,
    litellm.ServiceUnavailableError,
    litellm.BadGatewayError,
)
# Models whose missing price was already reported; the warning would otherwise repeat every turn.
_UNPRICED: set[str] = set()
# Ollama providers: their server takes its context length per request (num_ctx), not from the model name.
_OLLAMA = ("ollama/", "ollama_chat/")


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, litellm.ContextWindowExceededError | litellm.AuthenticationError):
        return False
    if client_side_error(exc) is not None:  # litellm failed before sending: the same request fails again
        return False
    if isinstance(exc, (*_TRANSIENT, EmptyChoices)):
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(exc, openai.APIError) and isinstance(status, int) and status >= 500


def _one_line(exc: BaseException) -> str:
    unusable = unusable_body(exc)  # instead of the SDK's "<APIResponse [200 OK] ...>" repr
    if unusable:
        return unusable
    return " ".join(str(exc).split())[:500] or type(exc).__name__


class _ProviderWait(wait_base):
    """The wait the provider asked for (Retry-After) when it said one, else exponential backoff."""

    def __init__(self, backoff: wait_base) -> None:
        self.backoff = backoff

    def __call__(self, retry_state: RetryCallState) -> float:
        asked = retry_after_s(retry_state.outcome.exception() if retry_state.outcome else None)
        return asked if asked is not None else self.backoff(retry_state)


def context_window_of(name: str) -> int | None:
    """Input tokens the model accepts according to litellm's table, or None when it does not know."""
    try:
        info = litellm.get_model_info(name)
    except Exception:  # unmapped models raise; for us that only means "unknown"
        return None
    window = info.get("max_input_tokens") or info.get("max_tokens")
    return int(window) if window else None


class LitellmModel:
    """A model served by any litellm provider (OpenAI, Anthropic, OpenRouter, vLLM, Ollama...)."""

    def __init__(
        self,
        name: str,
        api_base: str | None = None,
        api_key: str | None = None,
        temperature: float = 0.0,
        max_tokens: int | None = None,
        timeout_s: float = 600.0,
        max_retries: int = 6,
        retry_wait_s: float = 2.0,
        retry_wait_max_s: float = 60.0,
        context_window: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.api_base = api_base
        self.api_key = api_key
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.retry_wait_s = retry_wait_s
        self.retry_wait_max_s = retry_wait_max_s
        self.extra = dict(extra or {})
        self.context_window = context_window if context_window is not None else context_window_of(name)
        if self.context_window is None and api_base and not name.startswith(_OLLAMA):
            # a vLLM-style server states its max_model_len: condense to it rather than learn it from a 400
            key = key_for(name, api_base, api_key) or os.environ.get("OPENAI_API_KEY")
            self.context_window = served_context_window(api_base, name, key)
        self.calls = 0  # completions answered
        self.retries = 0  # transient failures retried, over the model's life
        self.waits: list[float] = []  # seconds slept before each retry
        self._attempts: list[Retry] = []  # the retries of the call under way

    def complete(self, messages: list[Message], tools: list[ToolSchema]) -> AssistantTurn:
        request = self._request(messages, tools)
        self._attempts = []
        try:
            response = self._retrying()(self._answered, request)
        except litellm.ContextWindowExceededError as exc:
            raise ContextWindowExceeded(f"{self.name}: context window exceeded: {_one_line(exc)}") from exc
        except litellm.AuthenticationError as exc:
            raise ModelAuthError(f"{self.name}: authentication failed: {_one_line(exc)}") from exc
        except openai.APIError as exc:
            origin = client_side_error(exc)
            if origin is not None:
                raise ModelError(f"{self.name}: {describe_client_side(origin)}", self._attempts) from exc
            if _transient(exc):
                gave_up = f"{self.name}: gave up after {self.max_retries + 1} attempts: {_one_line(exc)}"
                raise ModelError(gave_up, self._attempts) from exc
            raise ModelError(f"{self.name}: {_one_line(exc)}", self._attempts) from exc
        except EmptyChoices as exc:
            gave_up = f"{self.name}: gave up after {self.max_retries + 1} attempts: {exc}"
            raise ModelError(gave_up, self._attempts) from exc
        except (ValueError, TypeError) as exc:  # raised by litellm unwrapped while building the request
            raise ModelError(f"{self.name}: {describe_client_side(exc)}", self._attempts) from exc
        self.calls += 1
        return self._turn(response).model_copy(update={"retries": self._attempts})

    def _answered(self, request: dict[str, Any]) -> Any:
        """One completion; an answer without choices raises so that it is retried like a 5xx."""
        response = litellm.completion(**request)
        if not getattr(response, "choices", None):
            raise EmptyChoices("the server answered with no choices")
        return response

    def _request(self, messages: list[Message], tools: list[ToolSchema]) -> dict[str, Any]:
        request: dict[str, Any] = {
            "model": self.name,
            "messages": messages,
            "temperature": self.temperature,
            "timeout": self.timeout_s,
            "max_retries": 0,  # we retry ourselves; the provider SDK would otherwise retry underneath
            "drop_params": True,  # e.g. gpt-5 refuses temperature=0; drop it rather than fail every call
        }
        if tools:
            request["tools"] = tools
            request["tool_choice"] = "auto"
        if self.max_tokens is not None:
            request["max_tokens"] = self.max_tokens
        if self.api_base:
            request["api_base"] = self.api_base
        key = key_for(self.name, self.api_base, self.api_key)
        if key:
            request["api_key"] = key
        if self.name.startswith(_OLLAMA):  # Ollama's small default num_ctx silently truncates longer prompts
            request["num_ctx"] = self.context_window or DEFAULT_CONTEXT_TOKENS
        request.update(self.extra)
        return request

    def _retrying(self) -> Retrying:
        return Retrying(
            retry=retry_if_exception(_transient),
            stop=stop_after_attempt(self.max_retries + 1),
            wait=_ProviderWait(wait_exponential(multiplier=self.retry_wait_s, max=self.retry_wait_max_s)),
            before_sleep=self._note_retry,
            reraise=True,
        )

    def _note_retry(self, state: RetryCallState) -> None:
        wait = state.next_action.sleep if state.next_action else 0.0
        self.retries += 1
        self.waits.append(wait)
        error = state.outcome.exception() if state.outcome else None
        status = getattr(error, "status_code", None)
        self._attempts.append(
            Retry(
                error=_one_line(error or Exception()), wait_s=round(wait, 3),
                status=status if isinstance(status, int) else None, retry_after=retry_after_s(error) is not None,
            )
        )  # fmt: skip
        logger.warning("%s: %s; retry %d in %.1f s", self.name, _one_line(error or Exception()), self.retries, wait)

    def _turn(self, response: Any) -> AssistantTurn:
        message = response.choices[0].message  # _answered saw to it that there is one
        calls = []
        for index, call in enumerate(getattr(message, "tool_calls", None) or []):
            arguments = call.function.arguments
            if not isinstance(arguments, str):  # a few providers hand back parsed objects
                arguments = json.dumps(arguments)
            calls.append(
                ToolCall(
                    id=call.id or f"call_{self.calls}_{index}",  # Ollama may omit ids; the history needs them
                    name=call.function.name or "",
                    arguments=arguments or "{}",
                )
            )
        usage = getattr(response, "usage", None)
        return AssistantTurn(
            content=message.content,
            tool_calls=calls,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
            cost_usd=self._cost(response),
            model=self.name,
        )

    def _cost(self, response: Any) -> float:
        try:
            return float(litellm.completion_cost(completion_response=response) or 0.0)
        except Exception:  # unmapped model (local server, new release): no price, not an error
            if self.name not in _UNPRICED:
                _UNPRICED.add(self.name)
                logger.warning("%s: litellm knows no price for this model; its cost is counted as 0", self.name)
            return 0.0
