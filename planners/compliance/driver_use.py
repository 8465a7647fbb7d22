"""Driver imports that only name exception classes: `from sqlite3 import IntegrityError`,
`psycopg.errors.UniqueViolation`, an `import sqlite3` used only in `except sqlite3.IntegrityError`.

Such an import opens no connection and runs nothing, so it is not evidence that the app uses that
database; the checks report it as a warning instead of a violation.
"""

from __future__ import annotations

import ast
import re

from planners.compliance.pysource import PyFile, PyImport

_EXCEPTION = re.compile(r"(Error|Exception|Warning|Violation|Failure|Exit)$")
_ERROR_MODULES = frozenset({"errors", "exc", "exceptions", "errorcodes"})


def _exception_name(name: str) -> bool:
    return bool(_EXCEPTION.search(name)) or name in _ERROR_MODULES


def exception_only(file: PyFile, imp: PyImport) -> bool:
    """Whether this import brings in nothing but exception classes (or a module of them)."""
    parts = imp.module.split(".")
    if any(part in _ERROR_MODULES for part in parts[1:]):
        return True
    if imp.name is not None:
        return imp.name != "*" and _exception_name(imp.name)
    return _used_only_for_exceptions(file, imp.module)


def _used_only_for_exceptions(file: PyFile, module: str) -> bool:
    """`import sqlite3` whose every use is `sqlite3.<SomeError>`."""
    if file.tree is None:
        return False
    bound = next((name for name, target in file.bindings.items() if target == module), None)
    if bound is None:
        return False
    attributes = [
        node.attr
        for node in ast.walk(file.tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == bound
    ]
    uses = sum(1 for node in ast.walk(file.tree) if isinstance(node, ast.Name) and node.id == bound)
    return bool(attributes) and uses == len(attributes) and all(_exception_name(attr) for attr in attributes)


def exception_names(file: PyFile, imp: PyImport) -> str:
    """What the import names, for a message: `IntegrityError`, or `sqlite3.IntegrityError, ...`."""
    if imp.name is not None:
        return imp.name
    if file.tree is None:
        return imp.module
    found = sorted(
        {
            ast.unparse(node)
            for node in ast.walk(file.tree)
            if isinstance(node, ast.Attribute) and ast.unparse(node.value) == imp.module.split(".")[0]
        }
    )
    return ", ".join(found[:3]) or imp.module
