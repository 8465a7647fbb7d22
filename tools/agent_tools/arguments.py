"""Reading a tool's arguments: wrong types become ToolInputError, which the loop shows to the model."""

from __future__ import annotations

from typing import Any

from tools.base import ToolInputError

_MISSING: Any = object()


def _get(arguments: dict[str, Any], name: str, kinds: tuple[type, ...], label: str, default: Any) -> Any:
    value = arguments.get(name, _MISSING)
    if value is _MISSING or value is None:
        if default is _MISSING:
            raise ToolInputError(f"missing required argument {name!r}")
        return default
    # bool is an int in Python; a JSON true is never a number here.
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ToolInputError(f"argument {name!r} must be {label}, got {type(value).__name__}")
    return value


def string(arguments: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
    return _get(arguments, name, (str,), "a string", default)


def integer(arguments: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
    return _get(arguments, name, (int,), "an integer", default)


def number(arguments: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
    value = _get(arguments, name, (int, float), "a number", default)
    return float(value) if value is not None else None


def boolean(arguments: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
    return _get(arguments, name, (bool,), "true or false", default)


def choice(arguments: dict[str, Any], name: str, choices: tuple[str, ...], default: Any = _MISSING) -> Any:
    value = string(arguments, name, default)
    if value not in choices:
        raise ToolInputError(f"argument {name!r} must be one of {', '.join(choices)}, got {value!r}")
    return value
