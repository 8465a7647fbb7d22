"""Task spec errors: one line, naming the file and the offending key."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

__all__ = ["SpecError", "describe_validation_error"]


class SpecError(ValueError):
    """A spec that cannot be used; str() is one line such as `spec.yaml: budget.steps: must be a positive integer`."""

    def __init__(self, source: str, key: str | None, message: str) -> None:
        self.source, self.key, self.reason = source, key, " ".join(message.split())
        super().__init__(f"{source}: {key}: {self.reason}" if key else f"{source}: {self.reason}")


# Keys whose every failure has one explanation, whatever pydantic complained about.
_KEY_MESSAGES = {
    "budget.steps": "must be a positive integer",
    "budget.cost_usd": "must be a positive number (US dollars)",
    "budget.wall_s": "must be a positive number (seconds)",
    "name": "must be letters, digits, '.', '_' or '-', starting with a letter or digit (it names the run folder)",
    "model": "must be a non-empty model string such as openai/gpt-5-mini",
}
_TYPE_MESSAGES = {
    "missing": "is required",
    "bool_type": "must be true or false",
    "string_type": "must be a string",
    "model_type": "must be a mapping",
    "dict_type": "must be a mapping",
}


def _known_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """Field names of the (nested) model that holds `loc`, to suggest them for an unknown key."""
    for part in loc[:-1]:
        field = model.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        model = annotation
    return [field.alias or name for name, field in model.model_fields.items()]


def describe_validation_error(exc: ValidationError, model: type[BaseModel]) -> tuple[str, str]:
    """(dotted key, one-line reason) for the first error pydantic found."""
    error: Any = exc.errors()[0]
    loc = tuple(error.get("loc", ()))
    key = ".".join(str(part) for part in loc)
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return key, f"unknown key; known keys: {', '.join(_known_keys(model, loc))}"
    if key in _KEY_MESSAGES and kind != "missing":
        return key, _KEY_MESSAGES[key]
    if kind == "literal_error":
        return key, f"must be one of {error['ctx']['expected']}, not {error.get('input')!r}"
    message = _TYPE_MESSAGES.get(kind) or str(error.get("msg", "invalid value"))
    return key, message[0].lower() + message[1:]
