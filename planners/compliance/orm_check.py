"""Is the data layer built on the required ORM?

Compliant when the ORM is declared and imported, models are declared with it (SQLAlchemy: a class with
`__tablename__`, `Mapped[...]`, `mapped_column()`/`Column()`, or a `Table()`; Sequelize: `sequelize.define`,
`X.init(...)` or `class X extends Model`), an engine/session (SQLAlchemy) or `new Sequelize()` exists (a
factory handed uncalled to a DI container, `providers.Singleton(create_async_engine, url)`, counts), the
code does not call a database driver directly, and no raw SQL is executed. Raw SQL through the ORM's own
API with bound parameters (`text("... :id")`, `sequelize.query(sql, {replacements})`) is a warning.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from planners.compliance.driver_use import exception_only
from planners.compliance.imports import ImportGraph
from planners.compliance.jssource import JsFile, text_of
from planners.compliance.layers import layer_of
from planners.compliance.manifests import declared, dependencies
from planners.compliance.packages import PY_SQLALCHEMY_DISTS, js_db_kind, package_of, py_db_kind
from planners.compliance.pysource import PyFile, calls
from planners.compliance.sqlscan import RawSql, js_raw_sql, python_raw_sql
from planners.compliance.verdict import Findings, Verdict
from planners.compliance.workspace import Workspace
from planners.constraints.model import ConstraintSet

if TYPE_CHECKING:
    from tree_sitter import Node

_SA_MODULES = ("sqlalchemy", "flask_sqlalchemy", "sqlmodel")
_SA_SESSION = frozenset(
    {
        "create_engine",
        "create_async_engine",
        "sessionmaker",
        "scoped_session",
        "Session",
        "AsyncSession",
        "async_sessionmaker",
        "SQLAlchemy",
    }
)
_SA_COLUMNS = frozenset({"Column", "mapped_column", "relationship"})
_SEQUELIZE_PACKAGES = frozenset({"sequelize", "sequelize-typescript"})
_DRIVERS = ("postgresql", "sqlite", "driver")
# Driver functions that open a connection or execute something; other attributes are configuration.
_DRIVER_ENTRIES = frozenset(
    {
        "connect",
        "create_pool",
        "createPool",
        "createConnection",
        "ConnectionPool",
        "AsyncConnectionPool",
        "SimpleConnectionPool",
        "ThreadedConnectionPool",
        "Pool",
        "Client",
        "Database",
        "open",
        "query",
        "exec",
        "prepare",
    }
)


def check_orm(workspace: Workspace, constraints: ConstraintSet, graph: ImportGraph | None = None) -> Verdict:
    findings = Findings("orm", constraints.orm)
    if constraints.orm == "none":
        findings.note("orm is not constrained")
        return findings.verdict()
    graph = graph or ImportGraph(workspace, constraints.language)
    if constraints.orm == "sqlalchemy":
        published = _sqlalchemy(workspace, graph, findings)
        scans = [python_raw_sql(file) for file in graph.python[0] if not file.source.in_migrations]
    else:
        published = _sequelize(workspace, graph, findings)
        scans = [js_raw_sql(file) for file in graph.javascript if not file.source.in_migrations]
    for raw in (item for scan in scans for item in scan):
        _judge_sql(raw, constraints.orm, findings)
    return findings.verdict(published=published)


def _judge_sql(raw: RawSql, orm: str, findings: Findings) -> None:
    where = f" in {layer_of(raw.file)}" if layer_of(raw.file) else ""
    statement = f'{raw.call}("{raw.sql}")'
    if raw.interpolated:
        findings.violation(f"SQL built by string interpolation{where}: {statement}", raw.file, raw.line)
    elif raw.via_orm and raw.parameterised:
        findings.warning(f"parameterised raw SQL through {orm}{where}: {statement}", raw.file, raw.line)
    else:
        findings.violation(f"raw SQL executed{where}: {statement}; use {orm} queries", raw.file, raw.line)


def _py_model_classes(file: PyFile) -> list[tuple[str, int]]:
    models = []
    for node in ast.walk(file.tree) if file.tree else []:
        if not isinstance(node, ast.ClassDef):
            continue
        for item in node.body:
            names = [t.id for t in getattr(item, "targets", []) if isinstance(t, ast.Name)]
            value = getattr(item, "value", None)
            callee = file.dotted(value.func) if isinstance(value, ast.Call) else None
            annotation = ast.unparse(item.annotation) if isinstance(item, ast.AnnAssign) else ""
            if (
                "__tablename__" in names
                or annotation.startswith("Mapped[")
                or (callee or "").rsplit(".", 1)[-1] in _SA_COLUMNS
            ):
                models.append((node.name, node.lineno))
                break
    return models


def _sqlalchemy(workspace: Workspace, graph: ImportGraph, findings: Findings) -> bool:
    deps = declared(dependencies(workspace, "python"), PY_SQLALCHEMY_DISTS)
    if deps:
        findings.note(f"{deps[0].name} declared in {deps[0].file}:{deps[0].line}")
    else:
        findings.violation("SQLAlchemy is not declared in requirements.txt or pyproject.toml")
    files = [file for file in graph.python[0] if not file.source.in_migrations]
    imports = [(f, i) for f in files for i in f.imports if i.module.split(".", 1)[0] in _SA_MODULES]
    if not imports:
        findings.violation("SQLAlchemy is never imported by the application")
    models: list[str] = []
    sessions: list[str] = []
    for file in files:
        rel = file.source.rel
        models += [f"{name} ({rel}:{line})" for name, line in _py_model_classes(file)]
        for call, callee in calls(file):
            if callee and callee.split(".", 1)[0] in _SA_MODULES:
                leaf = callee.rsplit(".", 1)[-1]
                if leaf == "Table":
                    models.append(f"table {ast.unparse(call.args[0]) if call.args else '?'} ({rel}:{call.lineno})")
                elif leaf in _SA_SESSION:
                    sessions.append(f"{leaf} ({rel}:{call.lineno})")
            elif callee and py_db_kind(callee) in _DRIVERS and callee.rsplit(".", 1)[-1] in _DRIVER_ENTRIES:
                findings.violation(f"{callee}() bypasses SQLAlchemy: use its engine and sessions", rel, call.lineno)
        sessions += [f"{leaf} passed to {owner} ({rel}:{line})" for leaf, owner, line in _factories_passed(file)]
        _django_models(file, findings)
        for imp in file.imports:
            if py_db_kind(imp.module) in ("postgresql", "sqlite", "driver") and not exception_only(file, imp):
                findings.warning(f"database driver {imp.module} imported next to SQLAlchemy", rel, imp.line)
    _summarise(findings, models, sessions, "SQLAlchemy", "create_engine()/sessionmaker()/Session")
    return bool(imports or deps)


def _factories_passed(file: PyFile) -> list[tuple[str, str, int]]:
    """SQLAlchemy engine/session factories given uncalled to another call: `Singleton(create_async_engine,
    url)`, `providers.Factory(sessionmaker, bind=engine)`; the container creates the connection later."""
    found = []
    for call, callee in calls(file):
        for argument in [*call.args, *(keyword.value for keyword in call.keywords)]:
            if not isinstance(argument, ast.Name | ast.Attribute):
                continue
            target = file.dotted(argument) or ""
            leaf = target.rsplit(".", 1)[-1]
            if target.split(".", 1)[0] in _SA_MODULES and leaf in _SA_SESSION:
                found.append((leaf, callee or ast.unparse(call.func), call.lineno))
    return found


def _django_models(file: PyFile, findings: Findings) -> None:
    """Django tasks must still use SQLAlchemy: models.Model subclasses are the Django ORM instead."""
    for node in ast.walk(file.tree) if file.tree else []:
        if isinstance(node, ast.ClassDef) and any(file.dotted(base) == "django.db.models.Model" for base in node.bases):
            findings.violation(
                f"model {node.name} is declared with the Django ORM; the task requires SQLAlchemy",
                file.source.rel,
                node.lineno,
            )


def _summarise(findings: Findings, models: list[str], sessions: list[str], orm: str, session_hint: str) -> None:
    if models:
        findings.note(f"{len(models)} models declared with {orm}: {', '.join(models[:6])}")
    else:
        findings.violation(f"no model is declared with {orm}")
    if sessions:
        findings.note(f"database access through {', '.join(sessions[:4])}")
    else:
        findings.violation(f"no {orm} connection is created ({session_hint})")


def _is_sequelize(specifier: str) -> bool:
    return package_of(specifier) in _SEQUELIZE_PACKAGES


def _sequelize(workspace: Workspace, graph: ImportGraph, findings: Findings) -> bool:
    deps = declared(dependencies(workspace, "node"), {"sequelize"})
    if deps:
        findings.note(f"sequelize declared in {deps[0].file}:{deps[0].line}")
    else:
        findings.violation("sequelize is not declared in package.json")
    files = [file for file in graph.javascript if not file.source.in_migrations]
    imports = [(f, i) for f in files for i in f.imports if i.specifier and _is_sequelize(i.specifier)]
    if not imports:
        findings.violation("sequelize is never required or imported by the application")
    models: dict[str, str] = {}
    sessions: list[str] = []
    for file in files:
        rel = file.source.rel
        bindings = file.bindings.items()
        bases = {name for name, (spec, member) in bindings if _is_sequelize(spec) and member in ("Model", "")}
        for name, line in _classes_extending(file, bases):
            models.setdefault(name, f"{name} ({rel}:{line})")
        for call in file.calls:
            bound = file.bound_to(call.callee[0]) if call.callee else None
            package = package_of(bound[0]) if bound else ""
            args = call.arguments
            if call.is_new and package in _SEQUELIZE_PACKAGES and call.callee[-1] in ("Sequelize", call.callee[0]):
                sessions.append(f"new Sequelize ({rel}:{call.line})")
            elif call.callee[-1:] == ("define",) and args and args[0].type == "string":
                name = text_of(args[0])[1:-1]
                models.setdefault(name, f"{name} ({rel}:{call.line})")
            elif call.callee[-1:] == ("init",) and len(call.callee) == 2 and len(args) > 1 and _has_key(args[1]):
                models.setdefault(call.callee[0], f"{call.callee[0]} ({rel}:{call.line})")
            elif bound and js_db_kind(bound[0]) in _DRIVERS and _opens_connection(call.callee, call.is_new):
                findings.violation(
                    f"{'.'.join(call.callee)}() calls {package} directly, bypassing Sequelize", rel, call.line
                )
    _summarise(findings, list(models.values()), sessions, "Sequelize", "new Sequelize(process.env.DATABASE_URL)")
    return bool(imports or deps)


def _has_key(node: Node, key: str = "sequelize") -> bool:
    """An object literal with `key` (shorthand or pair): the options of `Model.init(attributes, {sequelize})`."""
    if node.type != "object":
        return False
    for child in node.named_children:
        name = child.child_by_field_name("key") if child.type == "pair" else child
        if name is not None and text_of(name).strip("'\"") == key:
            return True
    return False


def _opens_connection(callee: tuple[str, ...], is_new: bool) -> bool:
    """Driver calls that open a connection or run a statement (not configuration like types.setTypeParser)."""
    return is_new or len(callee) == 1 or callee[-1] in _DRIVER_ENTRIES


def _classes_extending(file: JsFile, bases: set[str]) -> list[tuple[str, int]]:
    """`class User extends Model` where Model comes from sequelize."""
    found = []
    stack = [file.root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type not in ("class_declaration", "class"):
            continue
        heritage = next((c for c in node.named_children if c.type == "class_heritage"), None)
        name = node.child_by_field_name("name")
        if heritage is None or name is None:
            continue
        parent = text_of(heritage).removeprefix("extends").strip().split("<")[0].strip()
        if parent in bases or (parent.split(".")[-1] == "Model" and parent.split(".")[0] in bases):
            found.append((text_of(name), node.start_point[0] + 1))
    return found
