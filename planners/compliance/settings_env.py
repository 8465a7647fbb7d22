"""Environment variables a pydantic settings class reads: each field is filled from the variable
named by its alias (`Field(alias=...)`, `validation_alias=...`, pydantic v1's `env=...`), else from
`env_prefix` + the field's name, matched without regard to case (pydantic-settings' default).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from planners.compliance.pysource import PyFile

_SETTINGS_BASES = ("BaseSettings",)
_ALIAS_KEYWORDS = ("alias", "validation_alias", "env")


def _is_settings(node: ast.ClassDef, local: dict[str, ast.ClassDef], file: PyFile, seen: set[str]) -> bool:
    for base in node.bases:
        written = ast.unparse(base)
        resolved = file.dotted(base) or written
        if resolved.endswith(_SETTINGS_BASES) or written.endswith(_SETTINGS_BASES):
            return True
        parent = local.get(written)
        if parent is not None and written not in seen and _is_settings(parent, local, file, seen | {written}):
            return True
    return False


def _string(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _prefix(node: ast.ClassDef) -> str:
    """`model_config = SettingsConfigDict(env_prefix=...)` or v1's `class Config: env_prefix = ...`."""
    for item in node.body:
        if isinstance(item, ast.Assign | ast.AnnAssign) and isinstance(item.value, ast.Call | ast.Dict):
            value = item.value
            if isinstance(value, ast.Call):
                for keyword in value.keywords:
                    if keyword.arg == "env_prefix" and _string(keyword.value) is not None:
                        return _string(keyword.value) or ""
            else:
                for key, entry in zip(value.keys, value.values, strict=True):
                    if _string(key) == "env_prefix" and _string(entry) is not None:
                        return _string(entry) or ""
        if isinstance(item, ast.ClassDef) and item.name == "Config":
            for inner in item.body:
                if isinstance(inner, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "env_prefix" for t in inner.targets
                ):
                    return _string(inner.value) or ""
    return ""


def _alias(value: ast.AST | None) -> str | None:
    if not isinstance(value, ast.Call):
        return None
    for keyword in value.keywords:
        if keyword.arg in _ALIAS_KEYWORDS:
            text = _string(keyword.value)
            if text is None and isinstance(keyword.value, ast.Call):  # AliasChoices("DATABASE_URL", ...)
                text = next((s for arg in keyword.value.args if (s := _string(arg))), None)
            if text:
                return text
    return None


def settings_fields(file: PyFile) -> Iterator[tuple[str, ast.AnnAssign]]:
    """(variable read, field) for every field of every settings class in the file."""
    if file.tree is None:
        return
    local = {node.name: node for node in ast.walk(file.tree) if isinstance(node, ast.ClassDef)}
    for node in local.values():
        if not _is_settings(node, local, file, {node.name}):
            continue
        prefix = _prefix(node)
        for item in node.body:
            if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                variable = _alias(item.value) or prefix + item.target.id
                yield variable.upper(), item
