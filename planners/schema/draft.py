"""A deterministic DomainModel drafted from an OpenAPI document's component schemas.

The starting point for a contract that is not bundled: one entity per resource schema (request and
response envelopes, error bodies and New*/Update* variants are left out), scalar properties as columns,
a property holding another resource as a foreign key, a list of resources as a join table, and a list of
scalars as a table of values. The agent is told it is a draft.
"""

from __future__ import annotations

import re
from typing import Any

from planners.schema.domain import DomainModel, Entity, Example, FieldSpec, Relation

_SKIP = re.compile(r"^(New|Update|Create|Patch|Login|Register)|(Request|Response|Error|Errors|Model|Input|List)$")
_LONG_TEXT = {"body", "description", "content", "bio", "text", "summary", "notes"}


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) and ref.startswith("#/components/schemas/") else None


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).replace("-", "_").lower()


def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _resolve(schemas: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    for key in ("allOf", "oneOf", "anyOf"):
        if schema.get(key):
            merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
            for part in schema[key]:
                part = schemas.get(_ref_name(part) or "", part) if _ref_name(part) else part
                merged["properties"].update(part.get("properties") or {})
                merged["required"] += part.get("required") or []
            return merged
    return schema


def _is_envelope(schemas: dict[str, Any], schema: dict[str, Any]) -> bool:
    """{"article": Article} or {"articles": [Article], "articlesCount": 3}: a wrapper, not a resource."""
    props = schema.get("properties") or {}
    if not props:
        return True
    for prop in props.values():
        items = prop.get("items") or {}
        if _ref_name(prop) in schemas or _ref_name(items) in schemas or prop.get("type") == "integer":
            continue
        return False
    return any(_ref_name(p) or _ref_name(p.get("items") or {}) for p in props.values())


def _scalar_type(name: str, prop: dict[str, Any]) -> str:
    kind = prop.get("type")
    kind = next((k for k in kind if k != "null"), "string") if isinstance(kind, list) else kind
    if kind == "integer":
        return "integer"
    if kind == "number":
        return "float"
    if kind == "boolean":
        return "boolean"
    if prop.get("format") in ("date-time", "date"):
        return "timestamp"
    if name in _LONG_TEXT or (prop.get("maxLength") or 0) > 255:
        return "text"
    return "string"


def _nullable(prop: dict[str, Any], required: bool) -> bool:
    kind = prop.get("type")
    return not required or prop.get("nullable") is True or (isinstance(kind, list) and "null" in kind)


def draft_domain(contract: dict[str, Any], name: str | None = None) -> DomainModel:
    schemas: dict[str, Any] = ((contract.get("components") or {}).get("schemas")) or {}
    resources: dict[str, dict[str, Any]] = {}
    for schema_name, raw in schemas.items():
        schema = _resolve(schemas, raw if isinstance(raw, dict) else {})
        if schema.get("type", "object") != "object" or _SKIP.search(schema_name) or _is_envelope(schemas, schema):
            continue
        resources[schema_name] = schema
    tables = {schema_name: _plural(_snake(schema_name)) for schema_name in resources}
    entities: list[Entity] = []
    extra: list[Entity] = []
    for schema_name, schema in resources.items():
        table = tables[schema_name]
        required = set(schema.get("required") or [])
        fields = [FieldSpec(name="id", type="id", primary_key=True, generated=True)]
        relations: list[Relation] = []
        for prop_name, prop in (schema.get("properties") or {}).items():
            column = _snake(prop_name)
            target = _ref_name(prop)
            items = prop.get("items") or {}
            if column == "id" or not re.fullmatch(r"[a-z][a-z0-9_]*", column):
                continue
            if target in tables:
                key = f"{column}_id"
                fields.append(FieldSpec(name=key, type="integer", references=tables[target], nullable=True))
                relations.append(Relation(name=column, kind="belongs_to", target=tables[target], foreign_key=key))
            elif prop.get("type") == "array" and _ref_name(items) in tables:
                other = tables[_ref_name(items) or ""]
                through = f"{table}_{column}"
                owner_key, other_key = f"{_singular(table)}_id", f"{_singular(other)}_id"
                if owner_key == other_key:
                    other_key = f"{_singular(column)}_id"
                extra.append(_join(through, table, owner_key, other, other_key))
                relations.append(
                    Relation(
                        name=column,
                        kind="many_to_many",
                        target=other,
                        through=through,
                        foreign_key=owner_key,
                        other_key=other_key,
                    )
                )
            elif prop.get("type") == "array":
                values = f"{table}_{column}"
                owner_key = f"{_singular(table)}_id"
                extra.append(_values(values, table, owner_key, _scalar_type(column, items)))
                relations.append(Relation(name=column, kind="has_many", target=values, foreign_key=owner_key))
            elif prop.get("type") == "object" or "$ref" in prop:
                fields.append(FieldSpec(name=column, type="text", nullable=True))  # nested object kept as JSON text
            else:
                nullable = _nullable(prop, prop_name in required)
                fields.append(FieldSpec(name=column, type=_scalar_type(column, prop), nullable=nullable))  # type: ignore[arg-type]
        entities.append(Entity(name=_class_name(schema_name), table=table, fields=fields, relations=relations))
    entities += extra
    if not entities:
        raise ValueError("the contract's component schemas describe no resource to store")
    title = name or _snake(str((contract.get("info") or {}).get("title") or "api")).replace(" ", "_")
    return DomainModel(name=title, entities=entities, example=_example(contract, entities), source="draft")


def _class_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]", "", name) or "Item"
    return cleaned[0].upper() + cleaned[1:]


def _join(table: str, owner: str, owner_key: str, other: str, other_key: str) -> Entity:
    return Entity(
        name=_class_name("".join(part.title() for part in table.split("_"))),
        table=table,
        join=True,
        fields=[
            FieldSpec(name=owner_key, type="integer", primary_key=True, references=owner),
            FieldSpec(name=other_key, type="integer", primary_key=True, references=other),
        ],
        indexes=[[other_key]],
    )


def _values(table: str, owner: str, owner_key: str, kind: str) -> Entity:
    return Entity(
        name=_class_name("".join(part.title() for part in table.split("_"))),
        table=table,
        fields=[
            FieldSpec(name="id", type="id", primary_key=True, generated=True),
            FieldSpec(name=owner_key, type="integer", references=owner),
            FieldSpec(name="value", type=kind),  # type: ignore[arg-type]
        ],
        indexes=[[owner_key]],
    )


def _example(contract: dict[str, Any], entities: list[Entity]) -> Example:
    """The first collection GET of the contract that lists a drafted table, else the first table."""
    by_table = {e.table: e for e in entities if not e.join}
    for path, item in (contract.get("paths") or {}).items():
        last = path.rstrip("/").rsplit("/", 1)[-1]
        if isinstance(item, dict) and "get" in item and "{" not in path and _snake(last) in by_table:
            entity = by_table[_snake(last)]
            return Example(entity=entity.table, field=_label(entity), path=_path(path), response_key=_snake(last))
    entity = next(iter(by_table.values()), entities[0])
    return Example(entity=entity.table, field=_label(entity), path=f"/{entity.table}", response_key=entity.table)


def _label(entity: Entity) -> str:
    return next((f.name for f in entity.fields if f.type == "string"), entity.key[0])


def _path(path: str) -> str:
    cleaned = "/" + path.strip("/").lower()
    return cleaned if re.fullmatch(r"/[a-z0-9/_-]+", cleaned) else "/items"
