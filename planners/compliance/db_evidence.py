"""Static evidence of which database an application uses, each piece located and given a role.

Roles: `dependency` (declared driver), `import` (driver imported by the code), `exception` (an import of
the driver's exception classes only, `from sqlite3 import IntegrityError`), `target` (a connection URL
or `dialect: '...'` the app connects with), `default` (a URL used only when DATABASE_URL is unset),
`scheme` (a bare scheme or a URL in a comparison: dialect dispatch, not a connection), `dialect`
(SQLAlchemy dialect module), `engine` (Django ENGINE string), `config` (a URL in a configuration file).
A URL or ENGINE in a branch chosen by whether DATABASE_URL is set is a `default`; a URL whose rest is a
glob (`postgres://*`) or a shell `case` pattern is a `scheme`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from planners.compliance.driver_use import exception_only
from planners.compliance.imports import ImportGraph
from planners.compliance.jssource import line_of, string_value, text_of
from planners.compliance.manifests import dependencies
from planners.compliance.packages import (
    JS_POSTGRES_PACKAGES,
    JS_SQLITE_PACKAGES,
    PY_POSTGRES_DISTS,
    PY_SQLITE_DISTS,
    js_db_kind,
    py_db_kind,
)
from planners.compliance.pysource import PyFile
from planners.compliance.settings_env import settings_fields
from planners.compliance.shellscan import DEFAULT as _SHELL_DEFAULT
from planners.compliance.shellscan import parts as shell_parts
from planners.compliance.shellscan import reads as shell_reads
from planners.compliance.workspace import Workspace

if TYPE_CHECKING:
    from tree_sitter import Node

DbName = Literal["postgresql", "sqlite"]
Role = Literal["dependency", "import", "exception", "target", "default", "scheme", "dialect", "engine", "config"]

# postgres(ql)[+driver]://rest and sqlite[+driver]://rest, plus Sequelize's `sqlite::memory:` / `sqlite:./file`.
_URL = re.compile(
    r"\b(postgres(?:ql)?|sqlite)(?:\+\w+)?:(?://([^\s'\"`,;)]*)|(?<=sqlite:)(:memory:|[./][^\s'\"`,;)]*))"
)
_ENV_VARS = frozenset({"DATABASE_URL", "PGHOST", "PGDATABASE", "PGUSER", "PGPASSWORD", "PGPORT", "SQLITE_PATH"})
_JS_ENV = re.compile(r"process\.env(?:\.|\[\s*['\"])(DATABASE_URL|PG[A-Z]+|SQLITE_PATH)\b")
_JS_ENV_DESTRUCTURE = re.compile(r"\{[^}]*\b(DATABASE_URL|PG[A-Z]+)\b[^}]*\}\s*=\s*process\.env")
_CONFIG_DIALECT = re.compile(r"[\"']?dialect[\"']?\s*[:=]\s*[\"'](postgres|postgresql|sqlite)[\"']")
_DJANGO_ENGINES: dict[str, DbName] = {
    "django.db.backends.postgresql": "postgresql",
    "django.db.backends.sqlite3": "sqlite",
}
_COMPARING_METHODS = frozenset(
    {"startswith", "endswith", "removeprefix", "replace", "startsWith", "endsWith", "includes"}
)


def as_db(name: str | None) -> DbName | None:
    """Narrow a name to one of the two databases the checks know ("postgres" spellings included)."""
    if name in ("postgresql", "postgres"):
        return "postgresql"
    return "sqlite" if name == "sqlite" else None


@dataclass(frozen=True)
class Hit:
    database: DbName
    role: Role
    what: str
    file: str
    line: int


@dataclass
class DbEvidence:
    hits: list[Hit] = field(default_factory=list)
    env_reads: list[tuple[str, str, int]] = field(default_factory=list)  # (variable, file, line)

    def of(self, database: DbName, *roles: Role) -> list[Hit]:
        return [hit for hit in self.hits if hit.database == database and (not roles or hit.role in roles)]

    def reads(self, *names: str) -> list[tuple[str, str, int]]:
        return [read for read in self.env_reads if not names or read[0] in names or read[0].startswith(names)]


def _url_hit(text: str, role_if_target: Role, file: str, line: int, comparing: bool) -> list[Hit]:
    hits = []
    for match in _URL.finditer(text):
        database: DbName = "sqlite" if match.group(1) == "sqlite" else "postgresql"
        rest = match.group(2) if match.group(2) is not None else match.group(3)
        is_target = bool(rest.strip("/*?[]")) and not comparing
        hits.append(Hit(database, role_if_target if is_target else "scheme", match.group(0), file, line))
    return hits


# ---- Python ------------------------------------------------------------------------------------------


def _mentions_env(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and n.value in _ENV_VARS for n in ast.walk(node))


def _python(file: PyFile, evidence: DbEvidence) -> None:
    tree, rel = file.tree, file.source.rel
    if tree is None:
        return
    skip: set[int] = set()  # docstrings
    comparing: set[int] = set()  # literals compared against, not connected to
    defaults: set[int] = set()  # literals used only when DATABASE_URL is unset
    constants: dict[str, ast.Constant] = {}
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Compare) or (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _COMPARING_METHODS
        ):
            comparing.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Constant))
        if isinstance(node, ast.For):  # `for prefix in ("postgres://", ...)`
            comparing.update(id(n) for n in ast.walk(node.iter) if isinstance(n, ast.Constant))
        if isinstance(node, ast.If | ast.IfExp) and _mentions_env(node.test):
            # `sqlite if not os.environ.get("DATABASE_URL") else ...`: a fallback, whichever branch holds it.
            branches = [node.body, node.orelse] if isinstance(node, ast.IfExp) else [*node.body, *node.orelse]
            defaults.update(id(n) for b in branches for n in ast.walk(b) if isinstance(n, ast.Constant))
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    constants[target.id] = node.value

    def mark_default(value: ast.AST | None) -> None:
        if isinstance(value, ast.Constant):
            defaults.add(id(value))
        elif isinstance(value, ast.Name) and value.id in constants:
            defaults.add(id(constants[value.id]))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and _mentions_env(node.args[0]):
            mark_default(node.args[1] if len(node.args) > 1 else None)
            for keyword in node.keywords:
                if keyword.arg == "default":
                    mark_default(keyword.value)
        elif isinstance(node, ast.BoolOp) and isinstance(node.op, ast.Or) and _mentions_env(node.values[0]):
            for value in node.values[1:]:
                mark_default(value)

    # pydantic settings: a field is read from its variable; the value written there is only its default.
    for variable, item in settings_fields(file):
        if variable in _ENV_VARS or variable.startswith("PG"):
            evidence.env_reads.append((variable, rel, item.lineno))
            mark_default(item.value)
            if isinstance(item.value, ast.Call):
                for keyword in item.value.keywords:
                    if keyword.arg == "default":
                        mark_default(keyword.value)

    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in skip:
            continue
        value, line = node.value, getattr(node, "lineno", 0)
        if value in _ENV_VARS:
            evidence.env_reads.append((value, rel, line))
        if value in _DJANGO_ENGINES:
            role = "default" if id(node) in defaults else "engine"
            evidence.hits.append(Hit(_DJANGO_ENGINES[value], role, value, rel, line))
        role: Role = "default" if id(node) in defaults else "target"
        evidence.hits += _url_hit(value, role, rel, line, id(node) in comparing)

    for imp in file.imports:
        if imp.module.startswith("sqlalchemy.dialects."):
            dialect = as_db(imp.module.split(".")[2])
            if dialect:
                evidence.hits.append(Hit(dialect, "dialect", imp.module, rel, imp.line))
        elif imp.module.split(".", 1)[0] == "dj_database_url":
            evidence.env_reads.append(("DATABASE_URL", rel, imp.line))
        driver = as_db(py_db_kind(imp.module))
        if driver:
            kind: Role = "exception" if exception_only(file, imp) else "import"
            evidence.hits.append(Hit(driver, kind, imp.module, rel, imp.line))


# ---- JavaScript --------------------------------------------------------------------------------------


def _js_comparing(node: Node) -> bool:
    parent = node.parent
    if parent is not None and parent.type == "binary_expression":
        operator = parent.child_by_field_name("operator")
        return operator is not None and text_of(operator) in ("===", "==", "!==", "!=")
    if parent is not None and parent.type == "arguments" and parent.parent is not None:
        callee = parent.parent.child_by_field_name("function")
        prop = (
            callee.child_by_field_name("property")
            if callee is not None and callee.type == "member_expression"
            else None
        )
        return prop is not None and text_of(prop) in _COMPARING_METHODS
    return False


def _js_is_default(node: Node) -> bool:
    parent = node.parent
    if parent is None or parent.type != "binary_expression":
        return False
    operator, left = parent.child_by_field_name("operator"), parent.child_by_field_name("left")
    return (
        operator is not None
        and text_of(operator) in ("||", "??")
        and left is not None
        and left != node
        and "process.env" in text_of(left)
    )


def _javascript(graph: ImportGraph, evidence: DbEvidence) -> None:
    for file in graph.javascript:
        rel = file.source.rel
        for match in [*_JS_ENV.finditer(file.source.text), *_JS_ENV_DESTRUCTURE.finditer(file.source.text)]:
            evidence.env_reads.append((match.group(1), rel, file.source.text.count("\n", 0, match.start()) + 1))
        for imp in file.imports:
            driver = as_db(js_db_kind(imp.specifier)) if imp.specifier else None
            if driver and imp.specifier:
                evidence.hits.append(Hit(driver, "import", imp.specifier, rel, imp.line))
        stack = [file.root]
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            if node.type in ("string", "template_string"):
                role: Role = "default" if _js_is_default(node) else "target"
                evidence.hits += _url_hit(text_of(node), role, rel, line_of(node), _js_comparing(node))
            elif node.type == "pair":
                key, value = node.child_by_field_name("key"), node.child_by_field_name("value")
                literal = string_value(value) if value is not None else None
                database = as_db(literal)
                if key is not None and text_of(key).strip("'\"") == "dialect" and database:
                    evidence.hits.append(Hit(database, "target", f"dialect: '{literal}'", rel, line_of(node)))


# ---- manifests and configuration ---------------------------------------------------------------------


def _manifests(workspace: Workspace, language: str, evidence: DbEvidence) -> None:
    if language == "python":
        groups: dict[DbName, frozenset[str]] = {"postgresql": PY_POSTGRES_DISTS, "sqlite": PY_SQLITE_DISTS}
    else:
        groups = {"postgresql": JS_POSTGRES_PACKAGES | {"pg-hstore"}, "sqlite": JS_SQLITE_PACKAGES}
    for dep in dependencies(workspace, language):
        for database, names in groups.items():
            if dep.name in names:
                evidence.hits.append(Hit(database, "dependency", dep.name, dep.file, dep.line))


def _configs(workspace: Workspace, evidence: DbEvidence) -> None:
    for rel, text in workspace.others.items():
        name = rel.rsplit("/", 1)[-1].lower()
        if name in ("package.json", "pyproject.toml") or name.startswith("requirements"):
            continue
        if name.endswith(".sh"):
            _shell(rel, text, evidence)
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if line.lstrip().startswith("#"):
                continue
            evidence.hits += _url_hit(line, "config", rel, number, comparing=False)
            for match in _CONFIG_DIALECT.finditer(line):
                database = as_db(match.group(1))
                if database:
                    evidence.hits.append(Hit(database, "config", match.group(0), rel, number))


def _shell(rel: str, text: str, evidence: DbEvidence) -> None:
    """run.sh: `$DATABASE_URL` is a read, `${DATABASE_URL:-sqlite:///x}` a default, `export DATABASE_URL=...`
    an override the app connects with, a `case` pattern or `[[ ... == postgres* ]]` only a comparison."""
    evidence.env_reads += [(variable, rel, line) for variable, line in shell_reads(text)]
    for part in shell_parts(text):
        role: Role = "default" if _SHELL_DEFAULT.search(part.text) else "target"
        evidence.hits += _url_hit(part.text, role, rel, part.line, comparing=part.comparing)
        for match in _CONFIG_DIALECT.finditer(part.text):
            database = as_db(match.group(1))
            if database:
                evidence.hits.append(Hit(database, "config", match.group(0), rel, part.line))


def collect(workspace: Workspace, language: str, graph: ImportGraph | None = None) -> DbEvidence:
    graph = graph or ImportGraph(workspace, language)
    evidence = DbEvidence()
    if language == "python":
        for file in graph.python[0]:
            _python(file, evidence)
    else:
        _javascript(graph, evidence)
    _manifests(workspace, language, evidence)
    _configs(workspace, evidence)
    return evidence
