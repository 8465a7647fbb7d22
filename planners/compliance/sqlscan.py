"""Raw SQL that application code executes, found in the syntax tree (docstrings and prose never count).

A finding is SQL text (a statement starting with SELECT ... FROM, INSERT INTO, UPDATE ... SET, DELETE
FROM, CREATE/ALTER/DROP TABLE, WITH x AS) handed to an execute-like call, directly or through a variable.
`via_orm` marks the ORM's own raw API (sqlalchemy `text()`, `sequelize.query`); `parameterised` marks
bound parameters (`:name` in text(), `replacements`/`bind` for sequelize.query); `interpolated` marks
SQL built with f-strings, `+`, `%` or `.format()` / template `${}`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planners.compliance.jssource import JsFile, line_of, string_value, text_of
from planners.compliance.pysource import PyFile

if TYPE_CHECKING:
    from tree_sitter import Node

SQL_LIKE = re.compile(
    r"^\s*\(?\s*(?:SELECT\b[\s\S]*?\bFROM\b|INSERT\s+(?:OR\s+\w+\s+)?INTO\b|UPDATE\s+[\w\"`.]+\s+SET\b|"
    r"DELETE\s+FROM\b|(?:CREATE|ALTER|DROP)\s+TABLE\b|CREATE\s+(?:UNIQUE\s+)?INDEX\b|WITH\s+\w+\s+AS\s*\()",
    re.IGNORECASE,
)
_BIND = re.compile(r"(?<![:\w]):[A-Za-z_]\w*")
_PY_EXECUTORS = frozenset(
    {
        "execute",
        "executemany",
        "executescript",
        "exec_driver_sql",
        "fetch",
        "fetchrow",
        "fetchval",
        "raw",
        "read_sql",
        "query",
        "mogrify",
    }
)
_PY_TEXT = frozenset({"sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "sqlmodel.text"})
_JS_EXECUTORS = frozenset(
    {
        "query",
        "execute",
        "run",
        "all",
        "get",
        "exec",
        "prepare",
        "each",
        "raw",
        "none",
        "one",
        "oneOrNone",
        "many",
        "any",
        "manyOrNone",
    }
)


@dataclass(frozen=True)
class RawSql:
    file: str
    line: int
    sql: str  # first line of the statement, shortened
    call: str  # the executing call as written, e.g. "cursor.execute"
    via_orm: bool
    parameterised: bool
    interpolated: bool


def _short(sql: str) -> str:
    first = " ".join(sql.split())
    return first if len(first) <= 60 else first[:57] + "..."


# ---- Python ------------------------------------------------------------------------------------------


def _py_sql(node: ast.AST | None, names: dict[str, ast.AST]) -> tuple[str, bool] | None:
    """(sql text, interpolated) when `node` evaluates to SQL-looking text."""
    if isinstance(node, ast.Name) and node.id in names:
        return _py_sql(names[node.id], {})
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value, False) if SQL_LIKE.match(node.value) else None
    if isinstance(node, ast.JoinedStr):
        text = "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
        return (text, True) if SQL_LIKE.match(text) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        left = _py_sql(node.left, names)
        return (left[0], True) if left else None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        inner = _py_sql(node.func.value, names)
        return (inner[0], True) if inner else None
    return None


def _assignments(tree: ast.AST) -> dict[str, ast.AST]:
    """Names assigned a value anywhere in the file (last assignment wins): enough to follow `sql = "..."`."""
    names: dict[str, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names[node.targets[0].id] = node.value
    return names


def python_raw_sql(file: PyFile) -> list[RawSql]:
    if file.tree is None:
        return []
    names = _assignments(file.tree)
    found: list[RawSql] = []
    for node in ast.walk(file.tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        callee = file.dotted(node.func) or ""
        is_text = callee in _PY_TEXT
        if not is_text and not (isinstance(node.func, ast.Attribute) and node.func.attr in _PY_EXECUTORS):
            continue
        arg = node.args[0]
        if not is_text and isinstance(arg, ast.Call) and (file.dotted(arg.func) or "") in _PY_TEXT:
            continue  # execute(text(...)) is judged at the text() call
        sql = _py_sql(arg, names)
        if sql is None:
            continue
        text, interpolated = sql
        found.append(
            RawSql(
                file.source.rel,
                node.lineno,
                _short(text),
                ast.unparse(node.func),
                via_orm=is_text,
                parameterised=is_text and bool(_BIND.search(text)),
                interpolated=interpolated,
            )
        )
    return found


# ---- JavaScript --------------------------------------------------------------------------------------


def _js_strings(file: JsFile) -> dict[str, Node]:
    """`const sql = '...'` bindings, to follow a query held in a variable."""
    names: dict[str, Node] = {}
    stack = [file.root]
    while stack:
        node = stack.pop()
        stack.extend(node.children)
        if node.type == "variable_declarator":
            name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
            if name is not None and value is not None and name.type == "identifier":
                names[text_of(name)] = value
    return names


def _js_sql(node: Node, names: dict[str, Node]) -> tuple[str, bool] | None:
    if node.type == "identifier" and text_of(node) in names:
        return _js_sql(names[text_of(node)], {})
    literal = string_value(node)
    if literal is not None:
        return (literal, False) if SQL_LIKE.match(literal) else None
    if node.type == "template_string":
        text = text_of(node)[1:-1]
        return (text, True) if SQL_LIKE.match(text) else None
    if node.type == "binary_expression":
        left = node.child_by_field_name("left")
        inner = _js_sql(left, names) if left is not None else None
        return (inner[0], True) if inner else None
    return None


def _has_bind_option(node: Node | None) -> bool:
    if node is None or node.type != "object":
        return False
    keys = {text_of(pair.child_by_field_name("key") or pair).strip("'\"") for pair in node.named_children}
    return bool(keys & {"replacements", "bind"})


def js_raw_sql(file: JsFile) -> list[RawSql]:
    names = _js_strings(file)
    found = []
    for call in file.calls:
        if call.is_new or len(call.callee) < 2 or call.callee[-1] not in _JS_EXECUTORS:
            continue
        args = call.arguments
        sql = _js_sql(args[0], names) if args else None
        if sql is None:
            continue
        text, interpolated = sql
        options = args[1] if len(args) > 1 else None
        via_orm = call.callee[-1] == "query" and _has_bind_option(options)
        found.append(
            RawSql(
                file.source.rel,
                line_of(call.node),
                _short(text),
                ".".join(call.callee),
                via_orm=via_orm,
                parameterised=via_orm,
                interpolated=interpolated,
            )
        )
    return found
