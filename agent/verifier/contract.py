"""The contract as the probe reads it: operations with their request bodies and response schemas, a
validator for responses (jsonschema, Draft 2020-12, which OpenAPI 3.1 schemas are), and request bodies
made from the contract's examples or, without one, from its schemas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from planners.contracts import Operation, operations, resolve_ref

CONTRACT_URI = "urn:cagent:contract"
_PARAM = re.compile(r"\{([^}]+)\}")
# A description saying an empty value is answered as null ("null until set; ... returned as null").
_NULL_FOR_EMPTY = re.compile(r"returned as null|null until set|never empty strings?", re.IGNORECASE)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


@dataclass
class ProbeOperation:
    operation: Operation
    raw: dict[str, Any]
    pointer: str  # JSON pointer of the operation object in the contract
    path_params: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.operation.method} {self.operation.path}"

    @property
    def method(self) -> str:
        return self.operation.method

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.raw

    def declares(self, status: int) -> bool:
        return str(status) in {str(code) for code in self.raw.get("responses", {})}


class Contract:
    """One OpenAPI document, with what the probe needs of it."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource(contents=document, specification=DRAFT202012)
        self._registry: Registry = Registry().with_resource(CONTRACT_URI, resource)
        self.operations = self._operations()

    def _operations(self) -> list[ProbeOperation]:
        listed = iter(operations(self.document))
        found: list[ProbeOperation] = []
        for raw_path, item in self.document.get("paths", {}).items():
            for method in (m for m in item if m in ("get", "put", "post", "delete", "patch")):
                operation = next(listed)
                while operation.method.lower() != method:  # methods operations() lists and we skip (head, ...)
                    operation = next(listed)
                found.append(
                    ProbeOperation(
                        operation=operation,
                        raw=item[method],
                        pointer=f"/paths/{_escape(raw_path)}/{method}",
                        path_params=_PARAM.findall(raw_path),
                    )
                )
        return found

    def deref(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            node = resolve_ref(self.document, node["$ref"])
        return node

    def _pointer_of(self, pointer: str) -> tuple[str, Any]:
        """Follow `$ref`s from the node at `pointer`; the pointer and node where they end."""
        node = resolve_ref(self.document, "#" + pointer)
        while isinstance(node, dict) and "$ref" in node:
            pointer = node["$ref"][1:]
            node = resolve_ref(self.document, node["$ref"])
        return pointer, node

    def response_schema_pointer(self, op: ProbeOperation, status: int) -> str | None:
        """Pointer of the JSON schema of `op`'s `status` response, None when it has no JSON body."""
        if not op.declares(status):
            return None
        pointer, response = self._pointer_of(f"{op.pointer}/responses/{status}")
        content = (response or {}).get("content") or {}
        media = next((name for name in content if "json" in name), None)
        if media is None or "schema" not in content[media]:
            return None
        return f"{pointer}/content/{_escape(media)}/schema"

    def schema_name(self, pointer: str) -> str:
        node = resolve_ref(self.document, "#" + pointer)
        ref = node.get("$ref", "") if isinstance(node, dict) else ""
        return ref.rsplit("/", 1)[-1] if ref else pointer

    def validation_errors(self, pointer: str, instance: Any) -> list[str]:
        """Every way `instance` breaks the schema at `pointer`, as `where: what` lines (at most 8)."""
        schema = {"$ref": f"{CONTRACT_URI}#{pointer}"}
        validator = jsonschema.Draft202012Validator(schema, registry=self._registry)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        lines = []
        for error in errors[:8]:
            where = ".".join(str(part) for part in error.absolute_path) or "(body)"
            lines.append(f"{where}: {_short(error.message)}")
        return lines

    def resolved_schema(self, pointer: str) -> Any:
        return self.deref(resolve_ref(self.document, "#" + pointer))

    def request_body(self, op: ProbeOperation) -> Any:
        """The example of the request body, or one made from its schema (None without a JSON body)."""
        body = self.deref(op.raw.get("requestBody"))
        content = (body or {}).get("content") or {}
        media = next((name for name in content if "json" in name), None)
        if media is None:
            return None
        entry = content[media]
        if "example" in entry:
            return entry["example"]
        examples = entry.get("examples") or {}
        if examples:
            first = self.deref(next(iter(examples.values())))
            if isinstance(first, dict) and "value" in first:
                return first["value"]
        return self.sample(entry.get("schema", {}))

    def sample(self, schema: Any, depth: int = 0) -> Any:
        """A value satisfying `schema`'s types, required properties and lengths (not every keyword)."""
        schema = self.deref(schema)
        if not isinstance(schema, dict) or depth > 8:
            return None
        if "example" in schema:
            return schema["example"]
        if schema.get("examples"):
            return schema["examples"][0]
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return schema["enum"][0]
        kinds = schema.get("type", "object" if "properties" in schema else "string")
        kind = next((k for k in kinds if k != "null"), "null") if isinstance(kinds, list) else kinds
        if kind == "object":
            properties = schema.get("properties", {})
            return {name: self.sample(properties.get(name, {}), depth + 1) for name in schema.get("required", [])}
        if kind == "array":
            return []
        if kind in ("integer", "number"):
            return schema.get("minimum", 1)
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        if schema.get("format") == "email":
            return "probe@example.com"
        return "probe-value".ljust(int(schema.get("minLength", 0)), "x")


def _short(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[:limit] + "..."


def sorted_clause_violations(contract: Contract, pointer: str, instance: Any) -> list[str]:
    """Clauses the schemas' descriptions state beyond JSON Schema: arrays said to be sorted that are not,
    and empty strings where the description says the value is answered as null."""
    found: list[str] = []

    def walk(schema: Any, value: Any, where: str, depth: int) -> None:
        schema = contract.deref(schema)
        if not isinstance(schema, dict) or depth > 10:
            return
        for branch in schema.get("allOf", []):
            walk(branch, value, where, depth + 1)
        if isinstance(value, dict):
            for name, sub in (schema.get("properties") or {}).items():
                if name in value:
                    walk(sub, value[name], f"{where}.{name}" if where else name, depth + 1)
        elif value == "" and _NULL_FOR_EMPTY.search(str(schema.get("description", ""))):
            found.append(f"{where}: an empty string where the contract says null")
        elif isinstance(value, list):
            text = str(schema.get("description", "")).lower()
            strings = [item for item in value if isinstance(item, str)]
            if "sorted" in text and len(strings) == len(value) and strings != sorted(strings):
                found.append(f"{where}: {value} is not sorted")
            if "items" in schema:
                for index, item in enumerate(value):
                    walk(schema["items"], item, f"{where}.{index}", depth + 1)

    walk(resolve_ref(contract.document, "#" + pointer), instance, "", 0)
    return found
