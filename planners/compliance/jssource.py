"""JavaScript and TypeScript files read with tree-sitter: `require`, ESM imports, `export ... from`
re-exports and dynamic `import()`, with the local names they bind and every call or `new`.

TypeScript (.ts/.tsx) is parsed with the TypeScript grammars, JavaScript (.js/.mjs/.cjs/.jsx) with the
JavaScript grammar (which covers JSX).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

from planners.compliance.workspace import SourceFile

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

ImportKind = Literal["require", "import", "export", "dynamic"]


@cache
def _parser(grammar: str) -> Parser:
    # Imported on first use: Python workspaces (and code that only renders obligations) never need them.
    import tree_sitter
    import tree_sitter_javascript
    import tree_sitter_typescript

    language = {
        "javascript": tree_sitter_javascript.language,
        "typescript": tree_sitter_typescript.language_typescript,
        "tsx": tree_sitter_typescript.language_tsx,
    }[grammar]()
    return tree_sitter.Parser(tree_sitter.Language(language))


def _grammar(source: SourceFile) -> str:
    if source.language == "javascript":
        return "javascript"
    return "tsx" if source.rel.endswith(".tsx") else "typescript"


@dataclass(frozen=True)
class JsImport:
    specifier: str | None  # None: not a literal (`require(name)`), see `expression`
    line: int
    kind: ImportKind
    expression: str = ""


@dataclass(frozen=True)
class JsCall:
    node: Node  # call_expression or new_expression
    callee: tuple[str, ...]  # `a.b.c(...)` -> ("a", "b", "c"); () when the callee is not a name chain
    is_new: bool
    line: int

    @property
    def arguments(self) -> list[Node]:
        args = self.node.child_by_field_name("arguments")
        return [child for child in args.named_children if child.type != "comment"] if args else []


@dataclass
class JsFile:
    source: SourceFile
    root: Node
    has_errors: bool
    imports: list[JsImport] = field(default_factory=list)
    # local name -> (specifier, member path): `const {Hono} = require('hono')` -> Hono: ("hono", "Hono")
    bindings: dict[str, tuple[str, str]] = field(default_factory=dict)
    calls: list[JsCall] = field(default_factory=list)

    def bound_to(self, name: str) -> tuple[str, str] | None:
        return self.bindings.get(name)


def text_of(node: Node) -> str:
    return (node.text or b"").decode("utf-8", errors="replace")


def line_of(node: Node) -> int:
    return node.start_point[0] + 1


def string_value(node: Node) -> str | None:
    """The value of a string literal or of a template literal without `${}`; None for anything else."""
    if node.type == "string":
        return text_of(node)[1:-1]
    if node.type == "template_string" and not any(c.type == "template_substitution" for c in node.named_children):
        return text_of(node)[1:-1]
    return None


def chain(node: Node) -> tuple[str, ...]:
    """`a.b.c` -> ("a", "b", "c"); () for computed or call-based expressions."""
    if node.type in ("identifier", "this"):
        return (text_of(node),)
    if node.type == "member_expression":
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj is not None and prop is not None:
            head = chain(obj)
            return (*head, text_of(prop)) if head else ()
    return ()


def _walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _require_target(node: Node) -> tuple[str | None, str] | None:
    """For `require('x')` or `import('x')`: (specifier or None when not literal, argument text)."""
    if node.type != "call_expression":
        return None
    function = node.child_by_field_name("function")
    if function is None or not (function.type == "import" or text_of(function) == "require"):
        return None
    args = node.child_by_field_name("arguments")
    first = args.named_children[0] if args and args.named_children else None
    if first is None:
        return None
    return string_value(first), text_of(first)


def _bind_pattern(file: JsFile, pattern: Node, specifier: str, base: str) -> None:
    if pattern.type == "identifier":
        file.bindings[text_of(pattern)] = (specifier, base)
        return
    if pattern.type != "object_pattern":
        return
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            name = text_of(child)
            file.bindings[name] = (specifier, f"{base}.{name}".strip("."))
        elif child.type == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if key is not None and value is not None and value.type == "identifier":
                file.bindings[text_of(value)] = (specifier, f"{base}.{text_of(key)}".strip("."))


def _declarator(file: JsFile, node: Node) -> None:
    """`const x = require('m')`, `const {a} = require('m').b`, `const x = await import('m')`."""
    name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    if name is None or value is None:
        return
    members: list[str] = []
    while value is not None and value.type in ("member_expression", "await_expression"):
        if value.type == "member_expression":
            prop = value.child_by_field_name("property")
            members.insert(0, text_of(prop) if prop is not None else "")
            value = value.child_by_field_name("object")
        else:
            value = value.named_children[0] if value.named_children else None
    target = _require_target(value) if value is not None else None
    if target and target[0]:
        _bind_pattern(file, name, target[0], ".".join(members))


def _import_statement(file: JsFile, node: Node) -> None:
    source = node.child_by_field_name("source")
    clause = next((c for c in node.named_children if c.type in ("import_clause", "import_require_clause")), None)
    if source is None and clause is not None:  # TypeScript `import x = require('y')`
        source = next((c for c in clause.named_children if c.type == "string"), None)
    specifier = string_value(source) if source is not None else None
    if specifier is None:
        return
    file.imports.append(JsImport(specifier, line_of(node), "import"))
    if clause is None:
        return
    for child in clause.named_children:
        if child.type == "identifier":  # default import (or the name of an import-require clause)
            file.bindings[text_of(child)] = (specifier, "")
        elif child.type == "namespace_import":
            for ident in child.named_children:
                file.bindings[text_of(ident)] = (specifier, "")
        elif child.type == "named_imports":
            for spec in child.named_children:
                imported, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                if imported is not None:
                    member = text_of(imported)
                    file.bindings[text_of(alias or imported)] = (specifier, "" if member == "default" else member)


def parse_js(source: SourceFile) -> JsFile:
    tree = _parser(_grammar(source)).parse(source.text.encode("utf-8"))
    file = JsFile(source, tree.root_node, tree.root_node.has_error)
    for node in _walk(tree.root_node):
        kind = node.type
        if kind == "import_statement":
            _import_statement(file, node)
        elif kind == "export_statement":
            source_node = node.child_by_field_name("source")
            specifier = string_value(source_node) if source_node is not None else None
            if specifier is not None:
                file.imports.append(JsImport(specifier, line_of(node), "export"))
        elif kind == "variable_declarator":
            _declarator(file, node)
        elif kind in ("call_expression", "new_expression"):
            target = _require_target(node)
            if target is not None:
                function = node.child_by_field_name("function")
                how: ImportKind = "dynamic" if function is not None and function.type == "import" else "require"
                file.imports.append(JsImport(target[0], line_of(node), how, target[1]))
            callee = node.child_by_field_name("function" if kind == "call_expression" else "constructor")
            parts = chain(callee) if callee is not None else ()
            file.calls.append(JsCall(node, parts, kind == "new_expression", line_of(node)))
    return file


def parse_all(sources: list[SourceFile]) -> list[JsFile]:
    return [parse_js(source) for source in sources if not source.is_python]
