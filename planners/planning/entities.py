"""The entities of an OpenAPI contract, read from its tags, paths and schemas.

An operation touches the entity of its tag ("Articles" -> Article), the resources its path names before a
parameter (/articles/{slug}/comments -> Article, Comment), a relation named after a parameter
(/profiles/{username}/follow -> Follow), and the entities its tag's schema links to (an Article's
`author` is a Profile, its `tagList` lists Tags). A schema that mostly repeats another's fields is a view of
it and is stored as that one (Profile, as User). Health and status endpoints touch nothing.
"""

from __future__ import annotations

import re
from typing import Any

_PARAM = re.compile(r"^\{[^}]+\}$")
_INFRASTRUCTURE = frozenset({"health", "health-check", "healthz", "healthcheck", "ping", "status", "ready", "live"})
_VIEW_OVERLAP = 0.7  # share of a schema's own fields found in another one for it to be a view of that one
# Fields every record has; sharing them says nothing about two schemas being one entity.
_COMMON_FIELDS = frozenset({"id", "createdAt", "updatedAt", "created_at", "updated_at", "created", "updated"})


def singular(word: str) -> str:
    word = word.strip()
    for plural, single in (("ies", "y"), ("sses", "ss"), ("ses", "s"), ("s", "")):
        if word.lower().endswith(plural) and len(word) > len(plural) + 1:
            return word[: len(word) - len(plural)] + single
    return word


def entity_name(word: str) -> str:
    """`articles` -> `Article`, `user-profiles` -> `UserProfile`."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[-_\s]+", singular(word)) if part)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def plural(name: str) -> str:
    word = snake(name)
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")


def is_infrastructure(path: str) -> bool:
    segments = [s for s in path.strip("/").split("/") if s]
    return bool(segments) and segments[-1].lower() in _INFRASTRUCTURE and not any(_PARAM.match(s) for s in segments)


def path_entities(path: str, prefix: str) -> list[str]:
    """Resources before a parameter, and a relation named right after one."""
    segments = [s for s in path.removeprefix(prefix).strip("/").split("/") if s]
    found: list[str] = []
    for index, segment in enumerate(segments):
        if _PARAM.match(segment):
            continue
        before_param = index + 1 < len(segments) and _PARAM.match(segments[index + 1])
        after_param = index > 0 and _PARAM.match(segments[index - 1])
        if before_param or after_param or (index == len(segments) - 1 and segment.endswith("s")):
            found.append(entity_name(segment))
    return found


def object_schemas(contract: dict[str, Any]) -> dict[str, dict[str, Any]]:
    schemas = (contract.get("components") or {}).get("schemas") or {}
    return {name: s for name, s in schemas.items() if isinstance(s, dict) and isinstance(s.get("properties"), dict)}


def views(names: set[str], schemas: dict[str, dict[str, Any]]) -> dict[str, str]:
    """entity -> the entity it is stored as (itself unless its schema is a view of another entity's)."""
    stored = {name: name for name in names}
    fields = {name: set(schemas[name]["properties"]) - _COMMON_FIELDS for name in names if name in schemas}
    for name, own in fields.items():
        for other, theirs in fields.items():
            if other == name or not own or len(theirs) <= len(own) - 1:
                continue
            shared = own & theirs
            if len(shared) >= 3 and len(shared) / len(own) >= _VIEW_OVERLAP and stored[other] == other:
                stored[name] = other
                break
    return stored


def linked_entities(name: str, schemas: dict[str, dict[str, Any]], known: set[str]) -> list[str]:
    """Entities the schema of `name` refers to or lists (`author: Profile`, `tagList: [string]` -> Tag)."""
    schema = schemas.get(name)
    if schema is None:
        return []
    found = []
    for field, spec in schema["properties"].items():
        ref = (spec or {}).get("$ref") or ((spec or {}).get("items") or {}).get("$ref") or ""
        target = ref.rsplit("/", 1)[-1]
        if target in known:
            found.append(target)
        listed = re.sub(r"(?i)(list|ids|s)$", "", field)
        if entity_name(listed) in known and entity_name(listed) != name:
            found.append(entity_name(listed))
    return found
