"""Components by name: the one resolver behind databases, models, sandboxes, suites and tools.

A component is named by a short name from its registry (`local`, `postgres`, `hurl-v2`) or by a dotted
path to a class or factory (`my.module.MySandbox`), and may carry options after commas:

    local,default_timeout_s=60        postgres,backend=local        hurl-v2,uid=fixed

A component's config is a pydantic model made from its constructor: the parameters it takes with a
default are its options (typed by its annotations, `extra="forbid"`), so a misspelt or mistyped option
is one `ComponentError` line naming the choices, and the constructor stays the one place defaults live.
Parameters without a default are the arguments code supplies (the workspace, the sandbox of a tool).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import typing
from collections.abc import Callable, Collection, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, create_model

__all__ = ["ComponentError", "Registry", "check_options", "config_model", "split_options"]


class ComponentError(ValueError):
    """A component that cannot be named, loaded or configured; the message is one line for the user."""


def split_options(text: str) -> tuple[str, dict[str, str]]:
    """`name,key=value,...` -> (name, {key: value}); the values stay text for the config to convert."""
    name, *pairs = text.split(",")
    options: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ComponentError(f"{text!r}: options are written key=value after the name, got {pair!r}")
        options[key.strip()] = value.strip()
    return name.strip(), options


@functools.cache
def config_model(factory: Callable[..., Any]) -> type[BaseModel]:
    """The pydantic config of a class or factory: its parameters with defaults, nothing else accepted."""
    target = factory.__init__ if isinstance(factory, type) else factory  # type: ignore[misc]
    try:
        hints = typing.get_type_hints(target)
    except Exception:  # annotations naming what the module imports only for type checkers
        hints = {}
    fields: dict[str, Any] = {}
    for parameter in inspect.signature(factory).parameters.values():
        if parameter.default is inspect.Parameter.empty or parameter.kind in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            continue
        fields[parameter.name] = (_checkable(hints.get(parameter.name, Any)), parameter.default)
    name = f"{getattr(factory, '__name__', 'Component')}Config"
    config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    return create_model(name, __config__=config, **fields)  # type: ignore[call-overload, no-any-return]


def _checkable(hint: Any) -> Any:
    """`hint` when pydantic can check a value against it; Any for what it cannot (a plain Protocol)."""
    try:
        TypeAdapter(hint, config=ConfigDict(arbitrary_types_allowed=True))
    except Exception:  # pydantic raises several kinds here; any of them means "cannot check"
        return Any
    return hint


def check_options(label: str, config: type[BaseModel], options: Mapping[str, Any], choices: str = "") -> BaseModel:
    """`options` validated by `config`; a ComponentError `label: <first problem>` when they do not fit.

    An unknown option names the ones there are (`choices`, or the config's fields).
    """
    try:
        return config.model_validate(dict(options))
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]) or "options"
        if error["type"] == "extra_forbidden":
            listed = choices or ", ".join(config.model_fields) or "none"
            raise ComponentError(f"{label}: unknown option {key!r} (options: {listed})") from None
        raise ComponentError(f"{label}: option {key}: {error['msg']}") from None


class Registry:
    """Short names -> dotted paths of one kind of component, plus dotted paths of the user's own."""

    def __init__(self, kind: str, names: Mapping[str, str], *, dotted: bool = True, noun: str = "") -> None:
        self.kind = kind
        self.names = dict(names)
        self.dotted = dotted
        self.noun = noun or kind  # what an unknown name is called: "unknown database kind 'mysql'"

    def choices(self) -> str:
        listed = ", ".join(self.names)
        return f"{listed} or a dotted class path" if self.dotted else listed

    def resolve(self, name: str) -> Callable[..., Any]:
        """The class (or factory) a short name or dotted path names; ComponentError naming the choices."""
        path = self.names.get(name)
        if path is None:
            module_name, _, attribute = name.rpartition(".")
            if not self.dotted or not module_name or not attribute:
                raise ComponentError(f"unknown {self.noun} {name!r}; choose one of {self.choices()}")
            path = name
        module_name, _, attribute = path.rpartition(".")
        try:
            found = getattr(importlib.import_module(module_name), attribute)
        except (ImportError, AttributeError) as exc:
            raise ComponentError(f"cannot import {self.kind} class {path}: {' '.join(str(exc).split())}") from exc
        if not callable(found):
            raise ComponentError(f"{path} is not a class")
        return found  # type: ignore[no-any-return]

    def configure(
        self, name: str, factory: Callable[..., Any], options: Mapping[str, Any], ignore: Collection[str] = ()
    ) -> dict[str, Any]:
        """The options validated by the component's config, as keywords; `ignore` names keys to leave out."""
        given = {key: value for key, value in options.items() if key not in ignore}
        validated = check_options(f"{self.kind} {name}", config_model(factory), given)
        return {key: getattr(validated, key) for key in validated.model_fields_set}

    def build(
        self,
        spec: str,
        *args: Any,
        provided: Mapping[str, Any] | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> Any:
        """The component `spec` names (`name,key=value,...`), made with `args`, `provided` and the options.

        `provided` are values code supplies by parameter name (a tool's sandbox), passed to the factories
        that take them; `options` come from code and are validated as those written in `spec` are, which
        win over them.
        """
        name, written = split_options(spec)
        factory = self.resolve(name)
        parameters = inspect.signature(factory).parameters
        supplied = {key: value for key, value in (provided or {}).items() if key in parameters}
        keywords = self.configure(name, factory, {**(options or {}), **written}, ignore=supplied)
        return factory(*args, **supplied, **keywords)
