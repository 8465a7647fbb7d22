"""The deterministic plan: obligations for the stack, and every contract operation mapped to its files.

Works offline with any model: tags give the route and service files, entities the repository and model
files; the files' intended imports follow the layer rules, so the default passes its own draft check.
"""

from __future__ import annotations

import re
from typing import Any

from planners.constraints.catalog import obligations_for
from planners.constraints.model import ConstraintSet
from planners.contracts.loader import _server_prefix, operations
from planners.extraction.result import Extraction
from planners.planning import stack
from planners.planning.entities import (
    entity_name,
    is_infrastructure,
    linked_entities,
    object_schemas,
    path_entities,
    plural,
    snake,
    views,
)
from planners.planning.model import ConstraintPlan, Entity, LayerRule, OperationPlan, PlannedFile, StackObligations

_JOBS = {
    "routes": "HTTP only: parse the request, call a service, format the response",
    "services": "business rules; calls repositories; no framework, no database",
    "repositories": "every database operation: sessions, queries, the driver",
    "models": "entities and ORM model declarations",
}
_BELOW = {"routes": ["services", "models"], "services": ["repositories", "models"], "repositories": ["models"],
          "models": []}  # fmt: skip


def stack_obligations(constraints: ConstraintSet) -> StackObligations:
    language = constraints.language
    data = sorted(stack.data_packages(constraints))
    web = sorted(stack.WEB_PACKAGES[language])
    layers = []
    if constraints.architecture == "clean":
        for layer in stack.LAYERS:
            above = [other for other in stack.LAYERS if other != layer and other not in _BELOW[layer]]
            packages = data if layer in ("routes", "services") else []
            if layer in ("services", "repositories", "models"):
                packages = packages + web
            if layer == "models":
                drivers = set(data) - set().union(*stack.ORM_PACKAGES.values())
                packages = sorted(drivers) + web
            layers.append(LayerRule(layer=layer, directory=f"{layer}/", job=_JOBS[layer], may_import=_BELOW[layer],
                                    must_not_import=above + packages))  # fmt: skip
    other_web = sorted(stack.WEB_PACKAGES[language] - _own_web(constraints))
    has_db = constraints.database != "none"
    return StackObligations(
        items=obligations_for(constraints),
        layers=layers,
        required_files=stack.required_files(constraints),
        env=stack.env_vars(constraints),
        driver=stack.DRIVER_CHOICE.get((constraints.database, language)),
        forbidden_packages=sorted(stack.other_database_packages(constraints)),
        other_frameworks=other_web,
        database_module=stack.database_module(constraints) if has_db or constraints.orm != "none" else None,
        schema_creation=stack.schema_creation(constraints) if has_db or constraints.orm != "none" else None,
    )


def _own_web(constraints: ConstraintSet) -> set[str]:
    own = {"koa": {"koa", "@koa/router"}, "hono": {"hono", "@hono/node-server"}, "fastapi": {"fastapi", "starlette"}}
    return own.get(constraints.framework, {constraints.framework})


def _entities(contract: dict[str, Any], prefix: str, constraints: ConstraintSet) -> dict[str, Entity]:
    names: set[str] = set()
    for raw_path, item in contract.get("paths", {}).items():
        for _method, op in item.items():
            if not isinstance(op, dict) or is_infrastructure(raw_path):
                continue
            names |= {entity_name(tag) for tag in op.get("tags") or []}
            names |= set(path_entities(raw_path, ""))
    schemas = object_schemas(contract)
    stored = views(names, schemas)
    ext, clean = stack.extension(constraints), constraints.architecture == "clean"
    return {
        name: Entity(
            name=name,
            stored_as=stored[name],
            schema_name=name if name in schemas else None,
            model_file=(f"models/{snake(name)}{ext}" if clean else f"models{ext}") if stored[name] == name else None,
        )
        for name in sorted(names)
    }


def _repository(entity: Entity, constraints: ConstraintSet) -> str:
    ext = stack.extension(constraints)
    return f"repositories/{plural(entity.stored_as)}{ext}" if constraints.architecture == "clean" else f"database{ext}"


def default_plan(constraints: ConstraintSet, contract: dict[str, Any] | None, extraction: Extraction) -> ConstraintPlan:
    """The plan for `constraints` and the operations of `contract` (no operations without one)."""
    obligations = stack_obligations(constraints)
    contract = contract or {"paths": {}}
    prefix = _server_prefix(contract.get("servers"))
    entities = _entities(contract, prefix, constraints)
    schemas = object_schemas(contract)
    ext, clean = stack.extension(constraints), constraints.architecture == "clean"
    planned: list[OperationPlan] = []
    by_raw = {(m.upper(), prefix + p): op for p, item in contract.get("paths", {}).items() for m, op in item.items()
              if isinstance(op, dict)}  # fmt: skip
    for operation in operations(contract):
        raw = by_raw.get((operation.method, operation.path), {})
        tags = raw.get("tags") or ["default"]
        module = snake(re.sub(r"\W+", "_", tags[0]).strip("_")) or "default"
        if is_infrastructure(operation.path.removeprefix(prefix)):
            planned.append(OperationPlan(
                operation_id=operation.operation_id, method=operation.method, path=operation.path,
                auth=operation.auth, tag=tags[0], success_status=operation.success_status,
                route_file=f"routes/{module}{ext}", service_file=None, repository_files=[], model_files=[],
                entities=[], notes=["no database access: answer as soon as the server listens"],
            ))  # fmt: skip
            continue
        primary = [entity_name(tag) for tag in tags]
        touched = primary + path_entities(operation.path, prefix)
        for name in primary:  # what the tag's own schema links to (an Article's author and tags)
            touched += linked_entities(name, schemas, set(entities))
        touched = [name for name in dict.fromkeys(touched) if name in entities]
        stored = list(dict.fromkeys(entities[name].stored_as for name in touched))
        planned.append(OperationPlan(
            operation_id=operation.operation_id, method=operation.method, path=operation.path, auth=operation.auth,
            tag=tags[0], success_status=operation.success_status, route_file=f"routes/{module}{ext}",
            service_file=f"services/{module}{ext}" if clean else None,
            repository_files=list(dict.fromkeys(_repository(entities[n], constraints) for n in stored))
            if clean or constraints.database != "none" else [],
            model_files=list(dict.fromkeys(f for n in stored if (f := entities[n].model_file))),
            entities=touched, notes=_notes(operation.auth, operation.method, raw),
        ))  # fmt: skip
    return ConstraintPlan(
        constraints=constraints, extraction=extraction, obligations=obligations, entities=list(entities.values()),
        operations=planned, files=_files(planned, obligations, constraints),
        contract_title=(contract.get("info") or {}).get("title"),
    )  # fmt: skip


def _notes(auth: str, method: str, raw: dict[str, Any]) -> list[str]:
    notes = []
    if auth == "required":
        notes.append("requires `Authorization: Token <jwt>`; 401 without it")
    elif auth == "optional":
        notes.append("works without a token; with `Authorization: Token <jwt>` it personalises the answer")
    if method in ("POST", "PUT", "DELETE") and not raw.get("requestBody"):
        notes.append("takes no body: accept an empty body sent as application/json")
    return notes


def _files(
    planned: list[OperationPlan], obligations: StackObligations, constraints: ConstraintSet
) -> list[PlannedFile]:
    """Every file the operations name, with the imports the layer rules allow and the duties it has."""
    files: dict[str, PlannedFile] = {}
    framework = constraints.framework
    orm = constraints.orm if constraints.orm != "none" else None
    database = obligations.database_module

    def add(path: str, layer: str, imports: list[str], duty: str) -> None:
        entry = files.setdefault(path, PlannedFile(path=path, layer=layer))  # type: ignore[arg-type]
        entry.imports = list(dict.fromkeys([*entry.imports, *imports]))
        if duty not in entry.duties:
            entry.duties.append(duty)

    clean = constraints.architecture == "clean"
    for op in planned:
        below = [op.service_file] if op.service_file else op.repository_files
        add(op.route_file, "routes" if clean else "support", [framework, *below], f"handle {op.method} {op.path}")
        if op.service_file:
            add(op.service_file, "services", op.repository_files, f"the rules of {op.operation_id}")
        for repository in op.repository_files:
            data = [p for p in (orm, database) if p and p != repository]
            add(repository, "repositories" if clean else "support", [*op.model_files, *data],
                f"the queries of {op.operation_id}")  # fmt: skip
        for model in op.model_files:
            base = "models/base.py" if orm == "sqlalchemy" and clean else database if orm == "sequelize" else None
            add(model, "models" if clean else "support", [p for p in (orm, base) if p and p != model],
                "declare the entity and its table")  # fmt: skip
    if database and database not in files:
        add(database, "repositories" if database.startswith("repositories/") else "models" if clean else "support",
            [p for p in (orm,) if p], "open the connection from DATABASE_URL and create the schema")  # fmt: skip
    entry = stack.ENTRY[framework]
    add(entry, "entry", [framework, *sorted({op.route_file for op in planned})], "build the app and listen on PORT")
    return list(files.values())
