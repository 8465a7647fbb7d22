"""Build a model from the string the user gives (`--model`, or `model:` in the spec).

- `scripted:FILE`        -> ScriptedModel (JSONL turns; see agent.models.scripted)
- `replay:TRAJECTORY`    -> ReplayModel (the model turns of a saved trajectory)
- `my.module.MyModel`    -> that class, called with the options (`my.module.MyModel:ARG` passes ARG first)
- anything else          -> LitellmModel (any litellm model string: openai/gpt-5-mini, ollama_chat/qwen2.5-coder...)
"""

from __future__ import annotations

import importlib
import inspect
import re
from typing import Any

from agent.models.base import Model, ModelError

__all__ = ["MODEL_CLASSES", "make_model"]

# Short prefixes and the classes they name; import paths keep litellm unloaded for offline models.
MODEL_CLASSES: dict[str, str] = {
    "scripted": "agent.models.scripted.ScriptedModel",
    "replay": "agent.models.replay.ReplayModel",
    "litellm": "agent.models.litellm_model.LitellmModel",
}
_LITELLM = MODEL_CLASSES["litellm"]
# Python identifiers joined by dots, ending in a CamelCase class: never a litellm model string,
# which contains "/" or "-" (openai/gpt-5-mini, gpt-4.1, anthropic.claude-3-haiku-20240307-v1:0).
_DOTTED = re.compile(r"^(?P<cls>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.[A-Z]\w*)(?::(?P<arg>.+))?$")


def _import(path: str) -> type:
    module_name, _, class_name = path.rpartition(".")
    try:
        cls = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError) as exc:
        raise ModelError(f"cannot import model class {path}: {exc}") from exc
    if not isinstance(cls, type):
        raise ModelError(f"{path} is not a class")
    return cls


def _accepted(cls: type, options: dict[str, Any]) -> dict[str, Any]:
    """Options the constructor takes; offline models ignore sampling settings meant for real ones."""
    parameters = inspect.signature(cls).parameters.values()
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in parameters):
        return options
    names = {p.name for p in parameters}
    return {k: v for k, v in options.items() if k in names}


def make_model(spec: str, *, api_base: str | None = None, api_key: str | None = None, **options: Any) -> Model:
    """The model named by `spec`; api_base/api_key/options go to the constructors that accept them."""
    spec = spec.strip()
    prefix, sep, rest = spec.partition(":")
    dotted = _DOTTED.match(spec)
    if not spec:
        raise ModelError("empty model name")
    if sep and prefix in MODEL_CLASSES:
        if not rest:
            raise ModelError(f"model {spec!r} needs a file or model name after '{prefix}:'")
        path, args = MODEL_CLASSES[prefix], [rest]
    elif dotted:
        path, args = dotted["cls"], [dotted["arg"]] if dotted["arg"] else []
    else:
        path, args = _LITELLM, [spec]
    cls = _import(path)
    settings = {**options, "api_base": api_base, "api_key": api_key}
    if path != _LITELLM:
        settings = _accepted(cls, settings)
    model: Model = cls(*args, **settings)
    return model
