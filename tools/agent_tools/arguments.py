"""A tool's arguments as one pydantic model: the JSON schema the model sees, and the check of what it sent.

Each tool declares an `Arguments` model (a `ToolArguments`, one described field per argument, rules
between arguments as validators); `parameters()` returns `schema_of(Arguments)`, and `run()` begins with
`parse(Arguments, arguments)`, whose ToolInputError the loop shows to the model as its correction.
Types are strict (a JSON true is not a number, 42 is not a string); a JSON null counts as absent, as
providers send it for optional arguments they leave out; arguments the tool does not know are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from tools.base import ToolInputError

__all__ = ["ToolArguments", "parse", "schema_of"]

Arguments = TypeVar("Arguments", bound="ToolArguments")


class ToolArguments(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, validate_by_name=True)


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """One property as the model reads it: no titles or defaults, an optional value as its plain type."""
    branches = schema.get("anyOf")
    if branches and len(branches) == 2 and {"type": "null"} in branches:
        kept = next(branch for branch in branches if branch != {"type": "null"})
        schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **kept}
    return {key: value for key, value in schema.items() if key not in ("title", "default")}


def schema_of(model: type[ToolArguments], **descriptions: str) -> dict[str, Any]:
    """The JSON schema of `model`'s arguments; `descriptions` replace those of fields (with live values)."""
    generated = model.model_json_schema()
    properties = {name: _plain(schema) for name, schema in generated["properties"].items()}
    for name, description in descriptions.items():
        properties[name] = {**properties[name], "description": description}
    return {"type": "object", "properties": properties, "required": list(generated.get("required", []))}


def _problem(error: Mapping[str, Any]) -> str:
    name = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        return f"missing required argument {name!r}"
    message = str(error["ctx"]["error"]) if error["type"] == "value_error" else error["msg"]
    return f"argument {name!r}: {message}" if name else message


def parse(model: type[Arguments], arguments: Mapping[str, Any]) -> Arguments:
    """`arguments` validated by `model`; ToolInputError, one line, listing every problem, when they do not fit."""
    try:
        return model.model_validate({key: value for key, value in arguments.items() if value is not None})
    except ValidationError as exc:
        raise ToolInputError("; ".join(_problem(error) for error in exc.errors())) from None
