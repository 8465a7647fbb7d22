"""Python files read with `ast`: every import (including those inside functions) with relative imports
resolved to absolute module names, the names each file binds to imported objects, and a module index
that maps an imported name back to a file of the workspace.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import PurePosixPath

from planners.compliance.workspace import SourceFile


@dataclass(frozen=True)
class PyImport:
    module: str  # absolute dotted name of what is imported (for `from m import a`: m.a, or m when a is not a module)
    line: int
    in_function: bool
    name: str | None = None  # for `from m import a`: a, as written


@dataclass
class PyFile:
    source: SourceFile
    module: str  # dotted name of this file ("app.routes.users"; packages without ".__init__")
    tree: ast.Module | None
    error: str | None = None
    imports: list[PyImport] = field(default_factory=list)
    bindings: dict[str, str] = field(default_factory=dict)  # local name -> dotted object ("flask.Flask")

    def dotted(self, node: ast.AST) -> str | None:
        """Resolve `web.Application` to "aiohttp.web.Application" through this file's import bindings."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        base = self.bindings.get(node.id)
        if base is None:
            return None
        return ".".join([base, *reversed(parts)])


def module_name(rel: str) -> str:
    path = PurePosixPath(rel).with_suffix("")
    parts = list(path.parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _package(source: SourceFile, module: str) -> list[str]:
    parts = module.split(".") if module else []
    return parts if source.rel.endswith("__init__.py") else parts[:-1]


def _absolute(package: list[str], level: int, name: str | None) -> str:
    if level == 0:
        return name or ""
    # level 1 is the current package; each further level climbs one package up.
    base = package[: max(len(package) - (level - 1), 0)]
    return ".".join([*base, *([name] if name else [])])


class _Collector(ast.NodeVisitor):
    def __init__(self, file: PyFile, index: ModuleIndex) -> None:
        self.file = file
        self.index = index
        self.package = _package(file.source, file.module)
        self.depth = 0

    def _scoped(self, node: ast.AST) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _scoped

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.file.imports.append(PyImport(alias.name, node.lineno, self.depth > 0))
            if alias.asname:
                self.file.bindings[alias.asname] = alias.name
            else:
                top = alias.name.split(".", 1)[0]
                self.file.bindings[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = _absolute(self.package, node.level, node.module)
        for alias in node.names:
            target = f"{base}.{alias.name}" if base else alias.name
            # `from pkg import sub` imports the submodule when there is one, else a name defined in pkg.
            module = target if alias.name != "*" and self.index.find(target) else base
            self.file.imports.append(PyImport(module or target, node.lineno, self.depth > 0, alias.name))
            if alias.name != "*":
                self.file.bindings[alias.asname or alias.name] = target


class ModuleIndex:
    """Modules of the workspace by dotted name; a src/ layout or nested root is matched by suffix."""

    def __init__(self, sources: list[SourceFile]) -> None:
        self.modules: dict[str, SourceFile] = {module_name(s.rel): s for s in sources if s.is_python}

    @cached_property
    def _suffixes(self) -> dict[str, list[str]]:
        table: dict[str, list[str]] = {}
        for name in self.modules:
            parts = name.split(".")
            for start in range(1, len(parts)):
                table.setdefault(".".join(parts[start:]), []).append(name)
        return table

    def find(self, module: str) -> SourceFile | None:
        """The file that defines `module` (or the closest enclosing package that the workspace has)."""
        if not module:
            return None
        if module in self.modules:
            return self.modules[module]
        matches = self._suffixes.get(module)
        if matches:
            return self.modules[min(matches, key=len)]
        return None

    def find_or_parent(self, module: str) -> SourceFile | None:
        parts = module.split(".")
        while parts:
            found = self.find(".".join(parts))
            if found:
                return found
            parts.pop()
        return None


def parse_python(sources: list[SourceFile]) -> tuple[list[PyFile], ModuleIndex]:
    """Parse every Python source once; files with syntax errors are kept with `error` set."""
    index = ModuleIndex(sources)
    files = []
    for source in sources:
        if not source.is_python:
            continue
        try:
            tree = ast.parse(source.text, filename=source.rel)
        except (SyntaxError, ValueError) as exc:
            line = getattr(exc, "lineno", 0) or 0
            files.append(PyFile(source, module_name(source.rel), None, error=f"line {line}: {exc}"))
            continue
        file = PyFile(source, module_name(source.rel), tree)
        _Collector(file, index).visit(tree)
        files.append(file)
    return files, index


def calls(file: PyFile) -> list[tuple[ast.Call, str | None]]:
    """Every call in the file with its callee resolved through import bindings (None when not imported)."""
    if file.tree is None:
        return []
    return [(node, file.dotted(node.func)) for node in ast.walk(file.tree) if isinstance(node, ast.Call)]
