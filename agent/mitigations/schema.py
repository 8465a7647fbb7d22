"""Mitigation 3: the schema, the data layer and the layer skeleton, pre-created before the first step.

Renders planners.schema's skeleton of the task's stack into an empty workspace (the session commits it),
and tells the agent what is there and what is left. A workspace that already holds code (a feature task,
a resumed run) is left alone, and the record says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from agent.mitigations.base import Contribution, MitigationContext
from planners.contracts.loader import ContractError, operations
from planners.schema import SkeletonError, render_skeleton
from planners.schema.bundled import domain_for
from planners.schema.layout import module_paths
from prompts.render import render

# What does not make a workspace "hold code": git's files, and notes (README.md, a task text).
_NOT_CODE = frozenset({".git", ".gitignore", ".gitattributes"})
_NOTES = frozenset({".md", ".txt", ".rst", ""})


def _code_files(workspace: Path) -> list[str]:
    found = []
    for path in sorted(workspace.rglob("*")) if workspace.is_dir() else []:
        rel = path.relative_to(workspace)
        if not path.is_file() or rel.parts[0] in _NOT_CODE:
            continue
        if path.suffix.lower() not in _NOTES or rel.name in ("requirements.txt", "run.sh", "Dockerfile"):
            found.append(rel.as_posix())
    return found


def _skip(reason: str) -> Contribution:
    return Contribution(record={"rendered": False, "reason": reason})


def prepare(context: MitigationContext) -> Contribution:
    if context.resume:
        return _skip("resumed run: the workspace was prepared when the run started")
    if context.constraints is None:
        return _skip("no constraints: the framework is unknown")
    existing = _code_files(context.workspace)
    if existing:
        return _skip(f"the workspace already holds code ({existing[0]} and {len(existing) - 1} more)")
    try:
        domain = domain_for(context.contract)
    except ValueError as exc:  # a contract whose schemas describe nothing to store
        return _skip(f"no domain model could be drafted from the contract: {exc}")
    try:
        report = render_skeleton(context.constraints, context.workspace, domain)
    except SkeletonError as exc:
        return _skip(str(exc))
    stack = report.stack
    paths = module_paths(stack, domain)
    extension = ".py" if stack.language == "python" else ".js"
    try:
        total = len(operations(context.contract)) if context.contract else 0
    except (ContractError, AttributeError, TypeError):
        total = 0
    section = render(
        "skeleton_pre_created.md.j2",
        stack=stack.describe(),
        database=stack.label,
        example=report.example,
        clean=stack.clean,
        files=report.files,
        domain_source=report.domain_source,
        tables=report.tables,
        schema_note=_schema_note(stack.orm, paths["schema"] + ".sql", paths["models"] + extension),
        choices=report.choices,
        auth_file=f"`{paths['routes.auth']}{extension}`",
        tokens_file=f"`{paths['tokens']}{extension}`",
        payload_note=_payload_note(stack.framework, paths["routes.payload"] + extension),
        remaining=max(total - 2, 0) if total else "all",
        total=total or "the",
        manifest="`requirements.txt`" if stack.language == "python" else "`package.json`",
    )
    record: dict[str, Any] = {
        "rendered": True,
        "stack": stack.model_dump(mode="json"),
        "domain": report.domain,
        "domain_source": report.domain_source,
        "tables": report.tables,
        "files": report.files,
        "choices": report.choices,
    }
    return Contribution(prompt_sections=[section], record=record)


def _schema_note(orm: str, schema_file: str, models_file: str) -> str:
    if orm == "none":
        return f"The tables are created from `{schema_file}` at start-up; entities in `{models_file}`."
    what = "SQLAlchemy models" if orm == "sqlalchemy" else "Sequelize models and their associations"
    return f"The {what} are in `{models_file}`; the tables are created from them at start-up."


def _payload_note(framework: str, payload_file: str) -> str:
    if framework == "express":
        return "`express.json()` maps an empty body to {}; read `req.body ?? {}`"
    if framework == "koa":
        return "the body parser maps an empty body to {}; read `ctx.request.body`"
    if framework == "fastify":
        return "the JSON parser in `src/app.js` maps an empty body to {}"
    return f"`{payload_file}`"
