"""Mitigation 3: the schema, the data layer and the layer skeleton, pre-created before the first step.

Renders planners.schema's skeleton of the task's stack into an empty workspace (the session commits it),
and tells the agent what is there and what is left. Conduit's domain model is bundled; another contract's
is drafted by the planner model (`--planner-model`, else a real run model) from its component schemas,
with the deterministic draft as the starting point and the fallback. A workspace that already holds
code (a feature task, a resumed run) is left alone, and the record says why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from agent.mitigations.base import Contribution, MitigationContext, MitigationInputError
from agent.models.base import Model, ModelError
from agent.planning_model import PlannerAnswerError, choose_planner, structured_call
from planners.contracts.loader import ContractError, operations
from planners.schema import DomainModel, SkeletonError, render_skeleton
from planners.schema.bundled import conduit_domain, is_conduit
from planners.schema.layout import module_paths
from planners.schema.model_draft import (
    DomainAnswer,
    DraftAnswerError,
    Drafter,
    DrafterUnavailable,
    DraftRequest,
    draft_with_model,
)
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
        domain, drafted = _domain(context)
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
        domain_source="draft" if report.domain_source == "model" else report.domain_source,  # both are drafts
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
    if drafted is not None:
        record["domain_draft"] = drafted
    return Contribution(prompt_sections=[section], record=record)


def _domain(context: MitigationContext) -> tuple[DomainModel, dict[str, Any] | None]:
    """Conduit's bundled model, or another contract's drafted by the planner model (the deterministic
    draft when there is none or its answers do not hold), with the record of how it was drafted."""
    if context.contract is None or is_conduit(context.contract):
        return conduit_domain(), None
    try:
        model = choose_planner(context.model, context.options.get("planner_model"))
    except ModelError as exc:
        raise MitigationInputError(f"--planner-model: {exc}") from None
    tally = {"calls": 0, "cost_usd": 0.0}
    drafter = _drafter(model, tally) if model is not None else None
    drafted = draft_with_model(context.contract, drafter, planner=model.name if model else None)
    return drafted.domain, {**drafted.record(), "calls": tally["calls"], "cost_usd": round(tally["cost_usd"], 6)}


def _drafter(model: Model, tally: dict[str, Any]) -> Drafter:
    def ask(request: DraftRequest) -> DomainAnswer:
        prompt = render(
            "schema_draft.md.j2", schemas=json.dumps(request.schemas, indent=1),
            draft=request.draft.model_dump_json(indent=1, exclude={"source"}), required=request.required,
            rejected=request.rejected,
        )  # fmt: skip
        tally["calls"] += 1
        try:
            answer, cost = structured_call(model, [{"role": "user", "content": prompt}], DomainAnswer)
        except PlannerAnswerError as exc:
            raise DraftAnswerError(str(exc)) from None
        except ModelError as exc:
            raise DrafterUnavailable(str(exc)) from None
        tally["cost_usd"] += cost
        return answer

    return ask


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
