"""render_skeleton: write the schema, the data layer and the layer skeleton of one stack into a folder."""

from __future__ import annotations

import json
import posixpath
import re
import stat
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, Field

from planners.constraints.model import ConstraintSet
from planners.schema.bundled import conduit_domain
from planners.schema.ddl import render_ddl
from planners.schema.domain import DomainModel, inverse
from planners.schema.layout import module_paths, planned_files
from planners.schema.stack import Stack, stack_for
from planners.schema.versions import node_dependencies, python_requirements

TEMPLATES = Path(__file__).parent / "templates"


class SkeletonError(ValueError):
    """The skeleton cannot be written (the folder already holds one of its files). One line."""


class SkeletonReport(BaseModel):
    """What render_skeleton wrote, and the choices it made where the constraints left one open."""

    stack: Stack
    domain: str
    domain_source: str
    tables: list[str]
    files: list[str]
    choices: list[str] = Field(default_factory=list)
    example: str


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _camel(name: str) -> str:
    head, *rest = _snake(name).split("_")
    return head + "".join(part.title() for part in rest)


_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(TEMPLATES)),
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # source code, not HTML
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters.update(
    snake=_snake,
    camel=_camel,
    pascal=lambda name: _camel(name)[:1].upper() + _camel(name)[1:],
    tojson=lambda value: json.dumps(value),
)


def choices_of(stack: Stack) -> list[str]:
    notes = []
    if stack.database_chosen:
        notes.append(
            "The task names no database: the skeleton keeps its data in SQLite (DATABASE_URL when it is a "
            "sqlite:/// URL, else conduit.db in the working directory), the simplest choice that persists."
        )
    if stack.orm == "none":
        notes.append(f"No ORM is required: a thin {stack.driver} module runs plain SQL; schema.sql creates the tables.")
    if stack.asynchronous:
        notes.append(f"{stack.framework} is asynchronous, so database access is too ({stack.driver}).")
    return notes


def render_skeleton(
    constraints: ConstraintSet, out: Path, domain: DomainModel | None = None, overwrite: bool = False
) -> SkeletonReport:
    """Render the skeleton of `constraints` into `out` (created if missing) and list what was written."""
    domain = domain or conduit_domain()
    stack = stack_for(constraints)
    paths = module_paths(stack, domain)
    planned = planned_files(stack, domain)
    if not overwrite:
        clashes = [p.path for p in planned if (out / p.path).exists()]
        if clashes:
            raise SkeletonError(f"{out / clashes[0]} already exists; render into an empty folder")
    example = domain.entity(domain.example.entity)
    base: dict[str, Any] = {
        "stack": stack,
        "domain": domain,
        "example": domain.example,
        "example_entity": example,
        "ddl": render_ddl(domain, stack.database),
        "requirements": python_requirements(stack) if stack.language == "python" else [],
        "dependencies": node_dependencies(stack) if stack.language == "node" else {},
        "inverse": lambda entity, relation: inverse(domain, entity, relation),
        "clean": stack.clean,
        "port": 8080 if stack.language == "python" else 3000,
    }
    written = []
    for item in planned:
        here = item.path

        def module(name: str) -> str:
            return paths[name].replace("/", ".")

        def require(name: str, here: str = here) -> str:
            rel = posixpath.relpath(paths[name], posixpath.dirname(here))
            return rel if rel.startswith(".") else f"./{rel}"

        text = _ENV.get_template(item.template).render(**base, here=here, module=module, require=require)
        target = out / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if item.executable:
            target.chmod(target.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        written.append(item.path)
    return SkeletonReport(
        stack=stack,
        domain=domain.name,
        domain_source=domain.source,
        tables=[entity.table for entity in domain.ordered()],
        files=sorted(written),
        choices=choices_of(stack),
        example=f"GET /api{domain.example.path}",
    )
