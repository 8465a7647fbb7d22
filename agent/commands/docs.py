"""`cagent docs`: the convention cards and installed-package docs that the retrieval mitigation uses.

`cagent docs search QUERY [--framework F] [--orm O] [--database D] [--workspace W] [--k N] [--json]`,
`cagent docs index WORKSPACE [--json]`, `cagent docs list [--framework F] [--json]`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.table import Table

from agent.console import console, fail
from retrieval.card import CardError
from retrieval.document import card_document
from retrieval.library import ConventionLibrary, framework_languages
from retrieval.stack import Stack
from tools.apps.install import venv_dir

Action = Literal["search", "index", "list"]
ORMS = ("sqlalchemy", "sequelize", "none")
DATABASES = ("postgresql", "sqlite", "none")


def _library(workspace: Path | None) -> ConventionLibrary:
    try:
        return ConventionLibrary(workspace=workspace, extra_venvs=[venv_dir(workspace)] if workspace else [])
    except CardError as exc:
        raise fail(f"a convention card is invalid: {exc}") from None


def _stack(library: ConventionLibrary, framework: str | None, orm: str | None, database: str | None) -> Stack:
    languages = framework_languages(library.cards)
    if framework is not None and framework.lower() not in languages:
        raise fail(f"unknown framework {framework!r}; choose one of {', '.join(sorted(languages))}")
    for name, value, choices in (("orm", orm, ORMS), ("database", database, DATABASES)):
        if value is not None and value.lower() not in choices:
            raise fail(f"unknown {name} {value!r}; choose one of {', '.join(choices)}")
    chosen = framework.lower() if framework else None
    return Stack(language=languages.get(chosen or ""), framework=chosen, orm=orm, database=database)


def docs_command(
    action: Annotated[str, typer.Argument(help="search QUERY | index WORKSPACE | list")],
    target: Annotated[str | None, typer.Argument(help="the query (search) or the workspace (index)")] = None,
    framework: Annotated[str | None, typer.Option("--framework", help="only what applies to this framework")] = None,
    orm: Annotated[str | None, typer.Option("--orm", help="sqlalchemy, sequelize or none")] = None,
    database: Annotated[str | None, typer.Option("--database", help="postgresql, sqlite or none")] = None,
    workspace: Annotated[
        Path | None, typer.Option("--workspace", help="search: also the docs of this workspace's installed packages")
    ] = None,
    k: Annotated[int, typer.Option("--k", min=1, max=50, help="search: how many hits")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON instead of a table")] = False,
) -> None:
    """Search, list and index the conventions and installed-package docs used by convention retrieval."""
    if action not in ("search", "index", "list"):
        raise fail(f"unknown docs action {action!r}; choose search, index or list")
    if action == "index":
        _index(Path(target) if target else None, as_json)
        return
    folder = workspace
    if folder is not None and not folder.is_dir():
        raise fail(f"no such workspace: {folder}")
    library = _library(folder)
    stack = _stack(library, framework, orm, database)
    if action == "list":
        _list(library, stack, as_json)
        return
    if not target or not target.strip():
        raise fail("cagent docs search needs a QUERY")
    hits = library.search(target, stack=stack, k=k)
    if as_json:
        typer.echo(json.dumps([hit.model_dump() for hit in hits], indent=2))
        return
    if not hits:
        console.print(f"nothing found for {target!r}")
        return
    for number, hit in enumerate(hits, 1):
        origin = f"{hit.package} {hit.version}" if hit.kind == "package" else "card"
        console.rule(f"{number}. {hit.id}  ({origin}, score {hit.score:.2f})", style="cyan")
        console.print(hit.text.strip(), markup=False, highlight=False)
        console.print(f"source: {hit.source}", style="dim", markup=False)


def _list(library: ConventionLibrary, stack: Stack, as_json: bool) -> None:
    cards = [card for card in library.cards if card_document(card).applies(stack)]
    if as_json:
        fields = {"id", "title", "languages", "frameworks", "orms", "databases", "layer", "category", "source"}
        typer.echo(json.dumps([card.model_dump(include=fields) for card in cards], indent=2))
        return
    table = Table(title=f"{len(cards)} convention cards for {stack.label()}")
    for column in ("id", "applies to", "layer", "category"):
        table.add_column(column)
    for card in cards:
        scope = ", ".join(card.frameworks + card.orms + card.databases + card.languages) or "any"
        table.add_row(card.id, scope, card.layer, card.category)
    console.print(table)


def _index(workspace: Path | None, as_json: bool) -> None:
    if workspace is None:
        raise fail("cagent docs index needs a WORKSPACE")
    if not workspace.is_dir():
        raise fail(f"no such workspace: {workspace}")
    started = time.perf_counter()
    library = _library(workspace)
    library.reindex()
    seconds = time.perf_counter() - started
    passages: dict[str, int] = {}
    for document in library.index.documents:
        if document.kind == "package" and document.package:
            passages[document.package] = passages.get(document.package, 0) + 1
    if as_json:
        report = {
            "workspace": str(workspace),
            "seconds": round(seconds, 3),
            "cards": len(library.cards),
            "packages": [{**p.model_dump(), "passages": passages.get(p.name, 0)} for p in library.packages],
        }
        typer.echo(json.dumps(report, indent=2))
        return
    table = Table(title=f"{len(library.packages)} installed packages in {workspace} ({seconds:.2f} s)")
    for column in ("package", "version", "language", "passages"):
        table.add_column(column)
    for package in library.packages:
        table.add_row(package.name, package.version, package.language, str(passages.get(package.name, 0)))
    console.print(table)
    total = sum(passages.values())
    console.print(f"{len(library.cards)} cards and {total} passages indexed")
