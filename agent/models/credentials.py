"""Fail fast, in one line, when a model's provider has no credentials, before any work starts.

Self-hosted OpenAI-compatible servers (vLLM, llama.cpp, LM Studio...) reached through `api_base`
usually need no key, but the OpenAI client refuses to run without one: `LitellmModel` then sends
`PLACEHOLDER_KEY`. Set `OPENAI_API_KEY=dummy` or pass `api_key` to send something else.
Ollama (`ollama_chat/...`) needs neither a key nor `api_base` (litellm defaults to localhost:11434).
"""

from __future__ import annotations

import os

from agent.models._litellm import litellm
from agent.models.base import ModelAuthError, ModelError
from tools.components import split_options

__all__ = ["PLACEHOLDER_KEY", "MissingApiKey", "UnknownProvider", "check_credentials", "key_for", "provider_of"]

PLACEHOLDER_KEY = "sk-no-key-required"
# Providers that run on the user's machine and take no key.
_LOCAL_PROVIDERS = {"ollama", "ollama_chat", "hosted_vllm", "lm_studio", "llamafile"}
# Variables litellm lists together although any one of them is enough.
_ALTERNATIVES = {frozenset({"GOOGLE_API_KEY", "GEMINI_API_KEY"}): "GEMINI_API_KEY (or GOOGLE_API_KEY) is not set"}


class MissingApiKey(ModelAuthError):
    """The environment lacks the variable the provider needs; the message names it."""


class UnknownProvider(ModelError):
    """litellm cannot tell which provider serves the model name."""


def provider_of(model_name: str, api_base: str | None = None) -> str:
    """litellm's provider for a model string ("openai", "anthropic", "ollama_chat"...)."""
    try:
        _, provider, _, _ = litellm.get_llm_provider(model=model_name, api_base=api_base)
    except Exception as exc:  # litellm raises BadRequestError, ValueError... depending on the name
        raise UnknownProvider(
            f"cannot tell which provider serves model {model_name!r}; "
            "write it as provider/model, e.g. openai/gpt-5-mini or anthropic/claude-sonnet-4-5"
        ) from exc
    return provider


def check_credentials(model_name: str, api_base: str | None, api_key: str | None = None) -> None:
    """Raise MissingApiKey (one line naming the variable) when the model cannot authenticate."""
    model_name = split_options(model_name)[0]  # `openai/gpt-5-mini,temperature=0.2`: the options aside
    provider = provider_of(model_name, api_base)
    if api_key or provider in _LOCAL_PROVIDERS:
        return
    if api_base and provider == "openai":
        return  # an OpenAI-compatible server of the user's own; see the module docstring
    missing = litellm.validate_environment(model=model_name, api_base=api_base)["missing_keys"]
    if not missing:
        return
    message = _ALTERNATIVES.get(frozenset(missing))
    if message is None:
        verb = "is" if len(missing) == 1 else "are"
        message = f"{' and '.join(missing)} {verb} not set"
    raise MissingApiKey(f"{message} (needed by {model_name})")


def key_for(model_name: str, api_base: str | None, api_key: str | None) -> str | None:
    """The key to send: the given one, else a placeholder for a keyless OpenAI-compatible server."""
    if api_key or not api_base or "OPENAI_API_KEY" in os.environ:
        return api_key
    try:
        provider = provider_of(model_name, api_base)
    except UnknownProvider:
        return api_key
    return PLACEHOLDER_KEY if provider == "openai" else api_key
