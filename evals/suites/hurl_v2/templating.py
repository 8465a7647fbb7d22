"""`{{name}}` placeholders, rendered from the variables of the running file, as Hurl renders them.

A template needs every variable it names: an unknown one (`{{slug}}` after a create whose capture
failed) or one holding a list or an object is an error, which in a request means the entry is not
sent at all, and in an expected value fails that assert. Strings render as they are, numbers,
booleans and null as their JSON text.
"""

from __future__ import annotations

import json
import re
from typing import Any

from evals.suites.hurl_v2.model import Var

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")

Variables = dict[str, Any]


class TemplateError(LookupError):
    """A template that cannot be rendered with the variables at hand."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"variable {name!r} {reason}")
        self.name = name
        self.reason = reason


class UndefinedVariable(TemplateError):
    def __init__(self, name: str) -> None:
        super().__init__(name, "is not set")


class UnrenderableVariable(TemplateError):
    def __init__(self, name: str, value: Any) -> None:
        kind = "a list" if isinstance(value, list) else "an object"
        super().__init__(name, f"holds {kind}, which a template cannot render")


def placeholder(name: str) -> str:
    """The template text that refers to variable `name`."""
    return "{{" + name + "}}"


def variables_in(template: Any) -> list[str]:
    """The variables a template (a string, or a JSON document of templates) names, in order."""
    if isinstance(template, str):
        return [m.group(1) for m in PLACEHOLDER.finditer(template)]
    if isinstance(template, list):
        return [name for item in template for name in variables_in(item)]
    if isinstance(template, dict):
        return [name for key, value in template.items() for name in variables_in(key) + variables_in(value)]
    return []


def as_text(name: str, value: Any) -> str:
    """How a variable's value appears inside a template."""
    if isinstance(value, str):
        return value
    if isinstance(value, list | dict):
        raise UnrenderableVariable(name, value)
    return json.dumps(value, ensure_ascii=False)


def render(template: str, variables: Variables) -> str:
    """Replace every placeholder; raises a TemplateError for an unknown or unrenderable variable."""

    def substitute(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in variables:
            raise UndefinedVariable(name)
        return as_text(name, variables[name])

    return PLACEHOLDER.sub(substitute, template)


def render_json(document: Any, variables: Variables) -> Any:
    """Render the placeholders of every string (keys included) of a JSON document."""
    if isinstance(document, str):
        return render(document, variables)
    if isinstance(document, list):
        return [render_json(item, variables) for item in document]
    if isinstance(document, dict):
        return {render(k, variables): render_json(v, variables) for k, v in document.items()}
    return document


def resolve_expected(expected: Any, variables: Variables) -> Any:
    """The concrete expected value of a check; raises a TemplateError if it needs an unusable one."""
    if isinstance(expected, Var):
        if expected.name not in variables:
            raise UndefinedVariable(expected.name)
        return variables[expected.name]
    if isinstance(expected, str):
        return render(expected, variables)
    return expected
