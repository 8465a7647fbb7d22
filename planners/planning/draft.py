"""A planner model's draft of the implementation plan, and the check that holds it to the obligations.

The draft is the model's structured output: the files it will write (layer, imports, duties) and every
contract operation mapped to them. `check_draft` returns the precise reasons a draft breaks the plan's
obligations ("routes/articles.py opens a database session: ..."), each naming the obligation; an empty
list accepts it.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from pydantic import BaseModel, Field

from planners.compliance.layers import RANK, layer_of
from planners.planning import stack
from planners.planning.model import ConstraintPlan

# Duties only the data layer may have.
_DATA_DUTY = re.compile(
    r"\b(?:(?:db|database|orm)\s+)?(?:sessions?|transactions?|commits?|rollback|sql|cursors?|engine|connection\s+pool"
    r"|findall|findone|(?:database|db|sql)\s+quer(?:y|ies)|opens?\s+(?:the\s+|a\s+)?(?:database|db|connection))\b",
    re.IGNORECASE,
)


class DraftFile(BaseModel):
    path: str = Field(description="path relative to the workspace root, e.g. routes/articles.py")
    imports: list[str] = Field(default_factory=list, description="project files (paths) and packages it imports")
    duties: list[str] = Field(default_factory=list, description="what the file does, in short phrases")


class DraftOperation(BaseModel):
    operation_id: str
    route_file: str
    service_file: str | None = None
    repository_files: list[str] = Field(default_factory=list)
    model_files: list[str] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class PlanDraft(BaseModel):
    """The planner model's refinement of the default plan (structured output)."""

    files: list[DraftFile]
    operations: list[DraftOperation]


def _layer(path: str) -> str | None:
    return layer_of(path)


def _project_file(target: str, known: set[str]) -> str | None:
    """The project file an import names (a path, with or without extension), or None for a package."""
    clean = target.strip().removeprefix("./").replace("\\", "/")
    for candidate in (clean, *(clean + ext for ext in (".py", ".js", ".ts", ".mjs", ".cjs"))):
        if candidate in known:
            return candidate
    if "/" in clean and not clean.startswith("@") and layer_of(clean if "." in clean else clean + "/x") is not None:
        return clean
    dotted = clean.replace(".", "/")  # python module paths: repositories.articles
    for candidate in (dotted + ".py", dotted + "/__init__.py"):
        if candidate in known:
            return candidate
    return None


def _package(target: str) -> str:
    name = target.strip()
    if name.startswith("@"):
        return "/".join(name.split("/")[:2]).lower()
    return re.split(r"[./\[]", name, maxsplit=1)[0].lower()


def check_draft(draft: PlanDraft, plan: ConstraintPlan) -> list[str]:
    """Why `draft` breaks `plan`'s obligations (empty when it holds)."""
    reasons: list[str] = []
    constraints = plan.constraints
    clean = constraints.architecture == "clean"
    wanted = {op.operation_id for op in plan.operations}
    given = [op.operation_id for op in draft.operations]
    for missing in sorted(wanted - set(given)):
        reasons.append(f"operation {missing} is not planned: every contract operation needs its files")
    for extra in sorted(set(given) - wanted):
        reasons.append(f"operation {extra} is not in the contract")
    for duplicate in sorted({g for g in given if given.count(g) > 1}):
        reasons.append(f"operation {duplicate} is planned twice")
    files = {f.path.strip().removeprefix("./"): f for f in draft.files}
    known = set(files) | {path for op in draft.operations for path in _op_paths(op)}
    ext = stack.extension(constraints)
    for path in sorted(known):
        suffix = PurePosixPath(path).suffix
        if path.startswith("/") or ".." in PurePosixPath(path).parts:
            reasons.append(f"{path}: paths are relative to the workspace and stay inside it")
        elif suffix in (".py", ".js", ".ts", ".mjs", ".cjs") and (suffix == ".py") != (ext == ".py"):
            reasons.append(f"{path}: a {constraints.language} project is written in {ext} files")
    if clean:
        reasons += _layer_placement(draft)
    for path, entry in files.items():
        reasons += _imports(path, entry, plan, known)
    return list(dict.fromkeys(reasons))


def _op_paths(op: DraftOperation) -> list[str]:
    paths = [op.route_file, *op.repository_files, *op.model_files]
    return [p.strip().removeprefix("./") for p in ([op.service_file, *paths] if op.service_file else paths)]


def _layer_placement(draft: PlanDraft) -> list[str]:
    reasons = []
    for op in draft.operations:
        slots = [("route_file", [op.route_file], "routes"), ("service_file", [op.service_file] if op.service_file
                 else [], "services"), ("repository_files", op.repository_files, "repositories"),
                 ("model_files", op.model_files, "models")]  # fmt: skip
        if not op.service_file and op.repository_files:
            reasons.append(f"{op.operation_id}: no service file; routes call services "
                           "(architecture.clean.routes-through-services)")  # fmt: skip
        for slot, paths, layer in slots:
            for path in paths:
                if _layer(path) != layer:
                    reasons.append(f"{op.operation_id}: {slot} {path} is not in the {layer} layer "
                                   f"(architecture.clean.layer.{layer})")  # fmt: skip
    return reasons


def _imports(path: str, entry: DraftFile, plan: ConstraintPlan, known: set[str]) -> list[str]:
    constraints = plan.constraints
    rules = {rule.layer: rule for rule in plan.obligations.layers}
    layer = _layer(path) if rules else None
    data = stack.data_packages(constraints)
    forbidden = set(plan.obligations.forbidden_packages) | set(plan.obligations.other_frameworks)
    database_module = plan.obligations.database_module
    reasons = []
    for target in entry.imports:
        project = _project_file(target, known)
        if project is not None:
            other = _layer(project)
            if layer and other and RANK[other] > RANK[layer]:
                reasons.append(f"{path} imports {project}: imports point downward only, routes -> services -> "
                               "repositories -> models (architecture.clean.downward)")  # fmt: skip
            elif layer == "routes" and other == "repositories":
                reasons.append(f"{path} imports {project}: routes go through services, never repositories "
                               "(architecture.clean.routes-through-services)")  # fmt: skip
            elif layer in ("routes", "services") and project == database_module:
                reasons.append(f"{path} imports the database module {project}: only repositories touch the "
                               "database (architecture.clean.repositories-own-database)")  # fmt: skip
            continue
        package = _package(target)
        if package in forbidden:
            obligation = _forbidden_obligation(package, constraints.database, constraints.framework)
            reasons.append(f"{path} imports {package}, which this task rules out ({obligation})")
        elif layer in ("routes", "services") and package in data:
            reasons.append(f"{path} imports {package}: only repositories touch the database "
                           "(architecture.clean.repositories-own-database)")  # fmt: skip
        elif layer == "models" and package in data - set().union(*stack.ORM_PACKAGES.values()):
            reasons.append(f"{path} imports the driver {package}: models declare entities, repositories "
                           "reach the database (architecture.clean.repositories-own-database)")  # fmt: skip
    if layer in ("routes", "services"):
        for duty in entry.duties:
            if _DATA_DUTY.search(duty):
                what = "opens a database session" if re.search(r"session", duty, re.I) else "works on the database"
                reasons.append(f"{path} {what} ({duty!r}): only repositories touch the database "
                               "(architecture.clean.repositories-own-database)")  # fmt: skip
    return reasons


def _forbidden_obligation(package: str, database: str, framework: str) -> str:
    if package in set().union(*stack.DRIVERS.values()):
        return f"database.{database}.no-{'sqlite' if database == 'postgresql' else 'postgresql'}"
    return f"framework.{framework}.app"
