"""The `docs` tool: the model asks about a convention or an installed package and gets short, versioned text.

An answer has two parts: the best convention cards for the run's stack, and the best passages of the
documentation shipped inside the packages installed in the workspace, each headed by the package's
exact version and the file it came from. With `package` only that package's passages are searched.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from retrieval.document import Hit
from retrieval.library import ConventionLibrary
from retrieval.stack import Stack
from tools.agent_tools.arguments import ToolArguments, parse, schema_of
from tools.agent_tools.text import cut_middle
from tools.base import ToolResult

CARDS_SHOWN = 2
PASSAGES_SHOWN = 2
PASSAGE_CHARS = 1500


class DocsArguments(ToolArguments):
    query: str = Field(min_length=2, description="the problem in your words, an error message, or an API name")
    package: str | None = Field(None, description="only this installed package's documentation (e.g. fastify)")


def render_hit(hit: Hit) -> str:
    if hit.kind == "card":
        return f"[card {hit.id}] (source: {hit.source})\n{hit.text.strip()}"
    body = cut_middle(hit.text.strip(), PASSAGE_CHARS - 300, 300)
    return f"[{hit.package} {hit.version}, installed: {hit.source}]\n{body}"


class DocsTool:
    name = "docs"
    description = (
        "Look up conventions for this task's stack (framework, ORM, database and the Conduit API's traps) and "
        "the documentation shipped inside the packages installed in the workspace, quoted for the exact installed "
        "version. `query`: the problem, an error message or an API name; `package`: search only that package's "
        "docs (after it is installed)."
    )

    def __init__(self, library: ConventionLibrary, stack: Stack | None = None) -> None:
        self.library = library
        self.stack = stack

    def parameters(self) -> dict[str, Any]:
        return schema_of(DocsArguments)

    def run(self, arguments: dict[str, Any]) -> ToolResult:
        given = parse(DocsArguments, arguments)
        if given.package is not None:
            return self._package(given.query, given.package)
        hits = self.library.search(given.query, stack=self.stack, k=40)
        cards = [hit for hit in hits if hit.kind == "card"][:CARDS_SHOWN]
        passages = [hit for hit in hits if hit.kind == "package"][:PASSAGES_SHOWN]
        if not cards and not passages:
            return ToolResult(output=f"nothing found for {given.query!r}: try other words or an exact error message")
        parts = []
        if cards:
            parts.append("Conventions:\n\n" + "\n\n".join(render_hit(hit) for hit in cards))
        if passages:
            parts.append("Installed package docs:\n\n" + "\n\n".join(render_hit(hit) for hit in passages))
        return ToolResult(output="\n\n".join(parts))

    def _package(self, query: str, package: str) -> ToolResult:
        name = package.strip().lower()
        index = self.library.index  # refreshed first, so a package installed a moment ago is found
        installed = {p.name.lower(): p for p in self.library.packages}
        if name not in installed:
            close = sorted(n for n in installed if name in n or n in name)[:8]
            hint = f"; similar: {', '.join(close)}" if close else ""
            return ToolResult(output=f"package {package!r} is not installed in the workspace{hint}", is_error=True)
        hits = index.search(query, k=3, kind="package", package=installed[name].name)
        if not hits:
            found = installed[name]
            return ToolResult(output=f"{found.name} {found.version}: its docs say nothing about {query!r}")
        return ToolResult(output="\n\n".join(render_hit(hit) for hit in hits))
