"""Build a model from the string the user gives (`--model`, or `model:` in the spec).

- `scripted:FILE`        -> ScriptedModel (JSONL turns; see agent.models.scripted)
- `replay:TRAJECTORY`    -> ReplayModel (the model turns of a saved trajectory)
- `my.module.MyModel`    -> that class, called with the options (`my.module.MyModel:ARG` passes ARG first)
- anything else          -> LitellmModel (any litellm model string: openai/gpt-5-mini, ollama_chat/qwen2.5-coder...)

Options follow commas (`openai/gpt-5-mini,temperature=0.2`) or come from code; the settings of real
models (agent.models.settings) are accepted by every model and used by those whose constructor takes them.
"""

from __future__ import annotations

import re
from typing import Any

from agent.models.base import Model, ModelError
from agent.models.settings import ModelSettings
from tools.components import ComponentError, Registry, check_options, config_model, split_options

__all__ = ["MODELS", "MODEL_CLASSES", "make_model"]

# Short prefixes and the classes they name; import paths keep litellm unloaded for offline models.
MODELS = Registry(
    "model",
    {
        "scripted": "agent.models.scripted.ScriptedModel",
        "replay": "agent.models.replay.ReplayModel",
        "litellm": "agent.models.litellm_model.LitellmModel",
    },
)
MODEL_CLASSES = MODELS.names
# Python identifiers joined by dots, ending in a CamelCase class: never a litellm model string,
# which contains "/" or "-" (openai/gpt-5-mini, gpt-4.1, anthropic.claude-3-haiku-20240307-v1:0).
_DOTTED = re.compile(r"^(?P<cls>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.[A-Z]\w*)(?::(?P<arg>.+))?$")


def make_model(spec: str, *, api_base: str | None = None, api_key: str | None = None, **options: Any) -> Model:
    """The model named by `spec`; api_base/api_key/options go to the constructors that accept them."""
    try:
        return _make(spec, {**options, "api_base": api_base, "api_key": api_key})
    except ComponentError as exc:
        raise ModelError(str(exc)) from None


def _make(spec: str, options: dict[str, Any]) -> Model:
    text, written = split_options(spec)
    prefix, sep, rest = text.partition(":")
    dotted = _DOTTED.match(text)
    if not text:
        raise ComponentError("empty model name")
    if sep and prefix in MODEL_CLASSES:
        if not rest:
            raise ComponentError(f"model {text!r} needs a file or model name after '{prefix}:'")
        name, args = prefix, [rest]
    elif dotted:
        name, args = dotted["cls"], [dotted["arg"]] if dotted["arg"] else []
    else:
        name, args = "litellm", [text]
    cls = MODELS.resolve(name)
    given = {**options, **written}
    own = config_model(cls).model_fields
    choices = ", ".join(sorted({*own, *ModelSettings.model_fields}))
    # Settings for real models that this class does not take: checked, then left unused.
    check_options(f"model {text}", ModelSettings, {k: v for k, v in given.items() if k not in own}, choices)
    keywords = MODELS.configure(text, cls, {k: v for k, v in given.items() if k in own})
    model: Model = cls(*args, **keywords)
    return model
