"""Clean Architecture compliance from the real import graph.

Published rule (Constraint Decay verifier): at least 3 of the 4 layers exist and no import points upward
(models 0 < repositories 1 < services 2 < routes 3). Ours is stricter:
- all four layers exist, each in its own directory;
- no upward import, including imports inside functions;
- layers are found by directory (synonyms included) or by file name (layers.py); the evidence says which;
- routes do not import repositories (they reach data through services); routes importing models is a warning;
- services are independent of the web framework: a service importing it (`from flask import request`) is a
  violation (repositories and models importing it, or a service importing one of its utilities such as
  `werkzeug.security`, a warning). The published verifier does not check this: its verdict is unchanged;
- only repositories touch the database: routes and services import no driver or ORM, no local module that
  imports one (`app/db.py`), and do not query models directly (`User.query`, `User.objects`, `User.findAll()`);
  models may import the ORM to declare themselves, but not a driver;
- a `require`/`import()` whose target is not a literal cannot be checked and is reported as a warning;
- importing a driver's exception classes alone (`from sqlite3 import IntegrityError`) touches no database:
  a warning where a driver import would be a violation.
"""

from __future__ import annotations

import ast
from collections import defaultdict

from planners.compliance.imports import Edge, ImportGraph
from planners.compliance.layers import LAYERS, RANK, directory_names, layer_of, name_patterns, placement
from planners.compliance.packages import JS_WEB_PACKAGES, PY_WEB_MODULES, js_db_kind, package_of, py_db_kind, py_top
from planners.compliance.verdict import Findings, Verdict
from planners.compliance.workspace import Workspace
from planners.constraints.model import ConstraintSet

# Static query methods of Sequelize/Mongoose/TypeORM-style models (active record).
_JS_MODEL_QUERIES = frozenset(
    {
        "findAll",
        "findOne",
        "findByPk",
        "findOrCreate",
        "findAndCountAll",
        "bulkCreate",
        "create",
        "update",
        "destroy",
        "upsert",
        "count",
        "increment",
        "decrement",
        "find",
        "findById",
        "aggregate",
        "sync",
    }
)
# Class attributes that query: Flask-SQLAlchemy's Model.query, Django's Model.objects.
_PY_MODEL_QUERIES = frozenset({"query", "objects"})
_SOURCE_LABEL = {"python": "Python", "node": "JavaScript/TypeScript"}
_DB_LABEL = {"postgresql": "a PostgreSQL driver", "sqlite": "a SQLite driver", "driver": "a database driver"}
# Helpers shipped with a web framework that carry no request, response or routing (password hashing, text).
_WEB_UTILITIES = ("werkzeug.security", "django.contrib.auth.hashers", "django.utils", "django.core.exceptions")


def _db_kind(edge: Edge, language: str) -> str | None:
    return py_db_kind(edge.target) if language == "python" else js_db_kind(edge.target)


def _is_web(edge: Edge, language: str) -> bool:
    if language == "python":
        return py_top(edge.target) in PY_WEB_MODULES
    return package_of(edge.target) in JS_WEB_PACKAGES


def _suffix(edge: Edge) -> str:
    return " inside a function" if edge.in_function else ""


def check_architecture(workspace: Workspace, constraints: ConstraintSet, graph: ImportGraph | None = None) -> Verdict:
    findings = Findings("architecture", constraints.architecture)
    if constraints.architecture != "clean":
        findings.note("architecture is not constrained")
        return findings.verdict()
    graph = graph or ImportGraph(workspace, constraints.language)
    language = constraints.language

    members: dict[str, list[str]] = defaultdict(list)
    rules: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for source in graph.sources:
        placed = placement(source.rel)
        if placed:
            members[placed.layer].append(source.rel)
            rules[placed.layer][placed.rule].append(source.rel)
    for layer in LAYERS:
        if members[layer]:
            by_rule = "; ".join(
                f"by {rule}: {', '.join(files[:3])}{f' (+{len(files) - 3})' if len(files) > 3 else ''}"
                for rule, files in sorted(rules[layer].items())
            )
            findings.note(f"{layer}: {len(members[layer])} files ({by_rule})")
        else:
            findings.violation(
                f"no {layer} layer: no source file under a directory named {directory_names(layer)}, "
                f"nor named like {name_patterns(layer)}"
            )

    # Local modules outside the layers that open the database themselves (e.g. app/db.py, config/database.js).
    db_bound: dict[str, str] = {}
    for edge in graph.edges:
        if layer_of(edge.source) is None and edge.package and _db_kind(edge, language) and not edge.exception_only:
            db_bound.setdefault(edge.source, edge.target)

    upward = 0
    for edge in graph.edges:
        layer = layer_of(edge.source)
        if layer is None:
            continue
        if edge.target_layer and edge.target_layer != layer:
            if RANK[edge.target_layer] > RANK[layer]:
                upward += 1
                findings.violation(
                    f"{layer} import {edge.target_layer} ({edge.target}){_suffix(edge)}: imports must point downward",
                    edge.source,
                    edge.line,
                )
            elif layer == "routes" and edge.target_layer == "repositories":
                findings.violation(
                    f"routes import repositories ({edge.target}){_suffix(edge)}: reach data through services",
                    edge.source,
                    edge.line,
                )
            elif layer == "routes" and edge.target_layer == "models":
                findings.warning(
                    f"routes import models ({edge.target}) directly, skipping services", edge.source, edge.line
                )
            continue
        kind = _db_kind(edge, language) if edge.package else None
        if kind and kind != "orm" and edge.exception_only and layer != "repositories":
            findings.warning(
                f"{layer} import {edge.target}, exception classes of {_DB_LABEL[kind]}: "
                "catch database errors in repositories",
                edge.source,
                edge.line,
            )
        elif kind and layer in ("routes", "services"):
            what = "the ORM" if kind == "orm" else _DB_LABEL[kind]
            findings.violation(
                f"{layer} import {what} ({edge.target}){_suffix(edge)}: only repositories touch the database",
                edge.source,
                edge.line,
            )
        elif kind and kind != "orm" and layer == "models":
            findings.violation(
                f"models import {_DB_LABEL[kind]} ({edge.target}): models declare data, repositories access it",
                edge.source,
                edge.line,
            )
        elif edge.package and layer != "routes" and not kind and _is_web(edge, language):
            message = (
                f"{layer} import the web framework ({edge.target}): keep it in routes, {layer} stay framework-agnostic"
            )
            if layer == "services" and not edge.target.startswith(_WEB_UTILITIES):
                findings.violation(message, edge.source, edge.line)
            else:
                findings.warning(message, edge.source, edge.line)
        elif edge.target_file in db_bound and layer in ("routes", "services"):
            findings.violation(
                f"{layer} import {edge.target}, which opens the database ({db_bound[edge.target_file]}): "
                "only repositories touch the database",
                edge.source,
                edge.line,
            )

    _model_queries(graph, findings)
    _unresolvable_imports(graph, findings)
    findings.note(f"{len(graph.edges)} imports read from {len(graph.sources)} {_SOURCE_LABEL[language]} files")
    published = sum(1 for layer in LAYERS if members[layer]) >= 3 and upward == 0
    return findings.verdict(published=published)


def _model_queries(graph: ImportGraph, findings: Findings) -> None:
    """Active-record queries in routes and services: data access that bypasses the repositories."""
    if graph.language == "python":
        files, _ = graph.python
        for file in files:
            layer = layer_of(file.source.rel)
            if layer not in ("routes", "services") or file.tree is None:
                continue
            for node in ast.walk(file.tree):
                if not (isinstance(node, ast.Attribute) and node.attr in _PY_MODEL_QUERIES):
                    continue
                base = node.value
                while isinstance(base, ast.Attribute):
                    base = base.value
                if isinstance(base, ast.Name) and graph.resolve_binding_layer(file.source.rel, base.id) == "models":
                    findings.violation(
                        f"{layer} query a model ({ast.unparse(node)}): only repositories touch the database",
                        file.source.rel,
                        node.lineno,
                    )
        return
    for js in graph.javascript:
        layer = layer_of(js.source.rel)
        if layer not in ("routes", "services"):
            continue
        for call in js.calls:
            if len(call.callee) < 2 or call.callee[-1] not in _JS_MODEL_QUERIES:
                continue
            if graph.resolve_binding_layer(js.source.rel, call.callee[0]) == "models":
                findings.violation(
                    f"{layer} query a model ({'.'.join(call.callee)}): only repositories touch the database",
                    js.source.rel,
                    call.line,
                )


def _unresolvable_imports(graph: ImportGraph, findings: Findings) -> None:
    if graph.language == "python":
        files, _ = graph.python
        for file in files:
            if file.error:
                findings.warning(f"not parsed, imports unknown: {file.error}", file.source.rel)
            for call, callee in _dynamic_python_imports(file.tree):
                findings.warning(f"{callee}() with a computed name cannot be checked", file.source.rel, call.lineno)
        return
    for js in graph.javascript:
        if js.has_errors:
            findings.warning("syntax errors: imports were read from the parts that parse", js.source.rel)
        for imp in js.imports:
            if imp.specifier is None:
                what = "import()" if imp.kind == "dynamic" else "require()"
                findings.warning(
                    f"{what} of a computed path ({imp.expression}) cannot be checked", js.source.rel, imp.line
                )


def _dynamic_python_imports(tree: ast.Module | None) -> list[tuple[ast.Call, str]]:
    found: list[tuple[ast.Call, str]] = []
    if tree is None:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and not isinstance(node.args[0], ast.Constant):
            name = ast.unparse(node.func)
            if name in ("importlib.import_module", "import_module", "__import__"):
                found.append((node, name))
    return found
