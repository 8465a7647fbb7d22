"""A DomainModel drafted by a model from the contract's component schemas, held to the schemas.

The model is a callable the caller passes (`Drafter`: the request in, a DomainAnswer out), so this package
imports no model code. The deterministic draft (draft.py) is what the model is shown and what stands when
its answer does not hold: every resource the component schemas name is an entity or is left out with a
reason (a view of another entity, a response body), every other entity serves one (a join or value
table), and keys and relations agree with the columns. An answer that breaks a rule is asked for again
once, with the reasons; every attempt is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, Field

from planners.schema.domain import DomainModel, Entity
from planners.schema.draft import draft_domain

RE_ASKS = 1  # answers asked for again after a rejection


class DraftRequest(BaseModel):
    schemas: dict[str, Any]  # the contract's component schemas
    draft: DomainModel  # the deterministic draft: the starting point
    required: dict[str, str]  # entities the component schemas name: class name -> the draft's table
    rejected: list[str] = Field(default_factory=list)  # why the previous answer was refused (empty at first)


class Omission(BaseModel):
    schema_name: str  # a component schema that is not stored (a view of another entity, a response body)
    reason: str = Field(min_length=3)


class DomainAnswer(BaseModel):
    """What the model answers: the domain model, and the component schemas it leaves out, with why."""

    domain: DomainModel
    omitted: list[Omission] = Field(default_factory=list)


Drafter = Callable[[DraftRequest], DomainAnswer]


class DraftAnswerError(ValueError):
    """The answer is not a DomainModel (unreadable, or its own validation fails): asked again. One line."""


class DrafterUnavailable(RuntimeError):
    """The model could not answer (network, credentials): the deterministic draft stands."""


class DraftAttempt(BaseModel):
    accepted: bool
    reasons: list[str] = Field(default_factory=list)


class DomainDraft(BaseModel):
    """The domain model a skeleton is rendered from, and how it was chosen."""

    domain: DomainModel
    # model: the model's answer held; deterministic: no model was asked, every answer was rejected, or
    # the model could not answer (error says why).
    used: Literal["model", "deterministic"]
    planner: str | None = None
    attempts: list[DraftAttempt] = Field(default_factory=list)
    omitted: list[Omission] = Field(default_factory=list)
    error: str | None = None

    def record(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"domain"})


def _class_name(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9]", "", name) or "Item"
    return cleaned[0].upper() + cleaned[1:]


def required_entities(contract: dict[str, Any], draft: DomainModel) -> dict[str, str]:
    """The draft's resource entities that a component schema names: class name -> table."""
    schemas = ((contract.get("components") or {}).get("schemas")) or {}
    named = {_class_name(str(name)) for name in schemas}
    return {e.name: e.table for e in draft.entities if not e.join and e.name in named}


def _key_of(domain: DomainModel, table: str) -> str | None:
    """The type of `table`'s single `id` key, which a foreign key points at (DDL: REFERENCES t (id))."""
    target = domain.entity(table)
    if target is None or target.key != ["id"]:
        return None
    return target.field("id").type


def _relation_problems(domain: DomainModel, entity: Entity) -> list[str]:
    problems = []
    columns = {f.name: f for f in entity.fields}
    seen: set[str] = set()
    for relation in entity.relations:
        where = f"{entity.table}.{relation.name}"
        if relation.name in seen or relation.name in columns:
            problems.append(f"{where}: the relation's name is already a column or another relation")
        seen.add(relation.name)
        target = domain.entity(relation.target)
        if target is None:
            continue  # DomainModel's own validation names unknown tables
        if relation.kind == "belongs_to":
            fk = columns.get(relation.foreign_key or "")
            if fk is None or fk.references != relation.target:
                problems.append(f"{where}: belongs_to needs a column {relation.foreign_key} referencing {target.table}")
        elif relation.kind == "has_many":
            fk = next((f for f in target.fields if f.name == relation.foreign_key), None)
            if fk is None or fk.references != entity.table:
                problems.append(
                    f"{where}: has_many needs {target.table}.{relation.foreign_key} referencing {entity.table}"
                )
        else:
            through = domain.entity(relation.through or "")
            keys = {f.name: f.references for f in through.fields} if through else {}
            if through is None:
                problems.append(f"{where}: many_to_many needs a join table in `through`")
            elif (
                keys.get(relation.foreign_key or "") != entity.table
                or keys.get(relation.other_key or "") != target.table
            ):
                problems.append(
                    f"{where}: {through.table} needs {relation.foreign_key} referencing {entity.table} and "
                    f"{relation.other_key} referencing {target.table}"
                )
    return problems


def check_domain(answer: DomainAnswer, request: DraftRequest) -> list[str]:
    """Why `answer` cannot stand for the contract (empty when it holds)."""
    domain, problems = answer.domain, []
    by_name = {e.name: e for e in domain.entities}
    omitted = {o.schema_name for o in answer.omitted}
    core: set[str] = set()  # the tables of the entities the component schemas name
    for name in sorted(omitted - set(request.required)):
        problems.append(f"omitted {name}: no such resource among the component schemas")
    for name, table in request.required.items():
        entity = by_name.get(name) or domain.entity(table)
        if entity is not None:
            core.add(entity.table)
        elif name not in omitted:
            problems.append(
                f"the component schema {name} has no entity (expected {name}, table {table}) "
                "and is not listed in `omitted` with a reason"
            )
    reached = _connected(domain, core)
    for entity in domain.entities:
        if entity.table not in reached:
            problems.append(f"{entity.table}: not in the component schemas, and none of their entities relates to it")
        if entity.join and (len(entity.key) < 2 or any(not entity.field(k).references for k in entity.key)):
            problems.append(f"{entity.table}: a join table's key is its two (or more) foreign key columns")
        for f in entity.fields:
            if not f.references:
                continue
            kind = _key_of(domain, f.references)
            if kind is None:
                problems.append(f"{entity.table}.{f.name}: {f.references} has no single `id` key to reference")
            elif f.type not in ("integer", kind) or f.type == "id":
                problems.append(f"{entity.table}.{f.name}: a foreign key to {f.references}.id is an integer column")
        problems += _relation_problems(domain, entity)
    example = domain.entity(domain.example.entity)
    if example is not None and example.join:
        problems.append(f"example: {example.table} is a join table; list a resource")
    try:
        domain.ordered()
    except ValueError as exc:
        problems.append(str(exc))
    return problems


def _linked(entity: Entity) -> set[str]:
    return {f.references for f in entity.fields if f.references} | {r.target for r in entity.relations}


def _connected(domain: DomainModel, start: set[str]) -> set[str]:
    """The tables reached from `start` through foreign keys and relations, followed either way."""
    reached = set(start)
    while True:
        more = {
            e.table for e in domain.entities if e.table not in reached and (_linked(e) & reached or any(
                e.table in _linked(other) for other in domain.entities if other.table in reached))
        }  # fmt: skip
        if not more:
            return reached
        reached |= more


def draft_with_model(contract: dict[str, Any], ask: Drafter | None, *, planner: str | None = None) -> DomainDraft:
    """The model's domain model when one holds, else the deterministic draft (ValueError: neither exists)."""
    fallback = draft_domain(contract)
    outcome = DomainDraft(domain=fallback, used="deterministic", planner=planner)
    if ask is None:
        return outcome
    schemas = ((contract.get("components") or {}).get("schemas")) or {}
    request = DraftRequest(schemas=schemas, draft=fallback, required=required_entities(contract, fallback))
    for _ in range(1 + RE_ASKS):
        try:
            answer = ask(request)
        except DraftAnswerError as exc:
            reasons = [str(exc)]
        except DrafterUnavailable as exc:
            outcome.error = str(exc)
            break
        else:
            reasons = check_domain(answer, request)
            if not reasons:
                outcome.attempts.append(DraftAttempt(accepted=True))
                domain = answer.domain.model_copy(update={"source": "model"})
                return outcome.model_copy(update={"domain": domain, "used": "model", "omitted": answer.omitted})
        outcome.attempts.append(DraftAttempt(accepted=False, reasons=reasons))
        request = request.model_copy(update={"rejected": reasons})
    return outcome
