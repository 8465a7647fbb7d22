"""The workspace's import graph, in one shape for Python and JavaScript: who imports what, where, and
which layer (or external package) the target belongs to.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cached_property

from planners.compliance.driver_use import exception_only
from planners.compliance.jssource import JsFile, parse_all
from planners.compliance.layers import layer_of
from planners.compliance.packages import package_of, py_db_kind
from planners.compliance.pysource import ModuleIndex, PyFile, parse_python
from planners.compliance.workspace import SourceFile, Workspace

_JS_EXTENSIONS = (".js", ".ts", ".mjs", ".cjs", ".jsx", ".tsx", ".mts", ".cts")
# Path aliases that bundlers and tsconfig commonly map to the source root.
_ALIAS_PREFIXES = ("@/", "~/", "#/")


@dataclass(frozen=True)
class Edge:
    source: str  # importing file (relative path)
    line: int
    target: str  # as written: dotted module or import specifier
    target_file: str | None  # workspace file it resolves to
    target_layer: str | None
    package: str | None  # external module/package (top-level name) when not a workspace file
    in_function: bool = False
    how: str = "import"  # import, require, export, dynamic
    exception_only: bool = False  # a Python import of exception classes alone (driver_use.exception_only)


def resolve_js(from_rel: str, specifier: str, known: set[str]) -> str | None:
    """Workspace path a specifier points to; for an unknown relative path, the normalised path itself."""
    if specifier.startswith("."):
        base = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), specifier))
        roots = [base]
    elif specifier.startswith(_ALIAS_PREFIXES):
        rest = specifier[2:]
        roots = [rest, f"src/{rest}"]
    else:
        # A bare name may be a baseUrl-relative path ("src/services/x"); otherwise it is a package.
        roots = [specifier, f"src/{specifier}"]
    for root in roots:
        stem = root[: -len(ext)] if (ext := posixpath.splitext(root)[1]) in _JS_EXTENSIONS else root
        candidates = [root, *(stem + e for e in _JS_EXTENSIONS), *(f"{root}/index{e}" for e in _JS_EXTENSIONS)]
        for candidate in candidates:
            if candidate in known:
                return candidate
    return roots[0] if specifier.startswith(".") else None


class ImportGraph:
    """Parses the sources of one language and lists every import as an `Edge`."""

    def __init__(self, workspace: Workspace, language: str) -> None:
        self.workspace = workspace
        self.language = language
        self.sources = workspace.for_language(language)

    @cached_property
    def python(self) -> tuple[list[PyFile], ModuleIndex]:
        return parse_python(self.sources)

    @cached_property
    def javascript(self) -> list[JsFile]:
        return parse_all(self.sources)

    @cached_property
    def edges(self) -> list[Edge]:
        found = self._python_edges() if self.language == "python" else self._js_edges()
        # `from m import a, b` yields one edge per name; one per target and line is enough.
        return list(dict.fromkeys(found))

    def _python_edges(self) -> list[Edge]:
        files, index = self.python
        edges = []
        for file in files:
            for imp in file.imports:
                found = _enclosing(index, imp.module)
                package = None if found else imp.module.split(".", 1)[0]
                layer = layer_of(found.rel) if found else None
                edges.append(
                    Edge(
                        file.source.rel,
                        imp.line,
                        imp.module,
                        found.rel if found else None,
                        layer,
                        package,
                        imp.in_function,
                        exception_only=package is not None
                        and py_db_kind(imp.module) is not None
                        and exception_only(file, imp),
                    )
                )
        return edges

    def _js_edges(self) -> list[Edge]:
        known = {source.rel for source in self.sources}
        edges = []
        for file in self.javascript:
            for imp in file.imports:
                if imp.specifier is None:
                    continue
                target = resolve_js(file.source.rel, imp.specifier, known)
                package = None if target else package_of(imp.specifier)
                layer = layer_of(target) if target else None
                edges.append(
                    Edge(
                        file.source.rel,
                        imp.line,
                        imp.specifier,
                        target if target in known else None,
                        layer,
                        package,
                        how=imp.kind,
                    )
                )
        return edges

    def js_file(self, rel: str) -> JsFile | None:
        return next((file for file in self.javascript if file.source.rel == rel), None)

    def resolve_binding_layer(self, rel: str, name: str) -> str | None:
        """Layer of the workspace module a local name was imported from (None for packages or locals)."""
        if self.language == "python":
            files, index = self.python
            file = next((f for f in files if f.source.rel == rel), None)
            dotted = file.bindings.get(name) if file else None
            found = _enclosing(index, dotted) if dotted else None
            return layer_of(found.rel) if found else None
        js = self.js_file(rel)
        bound = js.bound_to(name) if js else None
        if bound is None:
            return None
        target = resolve_js(rel, bound[0], {source.rel for source in self.sources})
        return layer_of(target) if target else None


def _enclosing(index: ModuleIndex, module: str) -> SourceFile | None:
    """The workspace module for `module`, or for its closest enclosing package (`app.models.User` -> app.models)."""
    return index.find_or_parent(module)
