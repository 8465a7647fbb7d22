"""`{{name}}` placeholders, rendered from the variables of the running file.

In requests (path, headers, body strings) an unknown variable is left as the literal
`{{name}}` text: the request is still sent and fails on the server's side. In expected values
an unknown variable makes the check fail (Hurl stops with "variable not defined" there).
"""

from __future__ import annotations

import json
import re
from typing import Any

from evals.suites.hurl_v2.model import Var

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w-]*)\s*\}\}")

Variables = dict[str, Any]


class UndefinedVariable(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def placeholder(name: str) -> str:
    """The template text that refers to variable `name`."""
    return "{{" + name + "}}"


def as_text(value: Any) -> str:
    """How a variable's value appears inside a template."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def render(template: str, variables: Variables, strict: bool = False) -> str:
    """Replace every placeholder; unknown ones stay as they are unless `strict`."""

    def substitute(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in variables:
            return as_text(variables[name])
        if strict:
            raise UndefinedVariable(name)
        return m.group(0)

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
    """The concrete expected value of a check; raises UndefinedVariable if it needs an unknown one."""
    if isinstance(expected, Var):
        if expected.name not in variables:
            raise UndefinedVariable(expected.name)
        return variables[expected.name]
    if isinstance(expected, str):
        return render(expected, variables, strict=True)
    return expected
