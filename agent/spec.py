"""The task spec (spec.yaml): what to build, under which constraints, with which model and budget.

    name: conduit-flask-l3-postgres
    contract: conduit            # bundled contract, or a path to an OpenAPI file
    framework: flask             # flask fastapi django aiohttp express fastify koa hono
    constraints: {architecture: clean, database: postgresql, orm: sqlalchemy}   # each may be "none"
    task: greenfield             # or: feature, with repo: PATH and description: "..."
    workdir: ./runs/conduit-flask-l3-postgres
    model: openai/gpt-5-mini     # any litellm model string (or scripted:FILE, replay:FILE)
    context_window: 32768        # tokens the model's server accepts (default: litellm's figure, else 128k)
    budget: {steps: 150, cost_usd: 5.0, wall_s: 3600}
    mitigations: {plan: true, retrieval: true, schema: true, verifier: true}
    planner_model: openai/gpt-5-mini    # the planner's model (default: the run's)
    verifier_model: openai/gpt-5-mini   # the verifier's reviewer (default: the run's)
    verifier: {rounds: 3}        # failed submit rounds before the run ends submitted_unverified

Only name and framework are required. Relative paths are resolved against the spec file's folder
(paths given as overrides, e.g. from the command line, against the current directory).
Framework, language and constraint values follow planners.constraints, so the spec and the planner agree.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from agent.budget import Budget
from agent.spec_errors import SpecError, describe_validation_error
from planners.constraints.model import FRAMEWORKS, LANGUAGE_LABEL, ORM_LANGUAGE, ConstraintError, ConstraintSet
from planners.contracts import ContractError, contract_path, load_contract

__all__ = ["Budget", "Constraints", "Framework", "Mitigations", "SpecError", "TaskSpec", "load_spec", "parse_spec"]

DEFAULT_MODEL = "openai/gpt-5-mini"
_CONSTRAINT_KINDS = ("architecture", "database", "orm")
_PATH_KEYS = ("workdir", "repo")
Fail = Callable[[str, str], SpecError]  # (key, reason) -> the error to raise
_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# The frameworks of planners.constraints.FRAMEWORKS as a type, in their order (pydantic checks values by it).
Framework = Literal[tuple(FRAMEWORKS)]  # type: ignore[valid-type]


class Mitigations(BaseModel):
    """The four mitigations, each switchable for ablations."""

    # `schema` would shadow a BaseModel attribute, so the Python name is schema_; files and dumps say "schema".
    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True)

    plan: bool = Field(True, strict=True)
    retrieval: bool = Field(True, strict=True)
    schema_: bool = Field(True, strict=True, alias="schema")
    verifier: bool = Field(True, strict=True)

    @classmethod
    def off(cls) -> Mitigations:
        """All four off: the plain loop, as the ablations' baseline."""
        return cls(plan=False, retrieval=False, schema=False, verifier=False)

    def enabled(self, name: str) -> bool:
        """Whether the mitigation called `name` ("plan", "retrieval", "schema", "verifier") is on."""
        return bool(getattr(self, "schema_" if name == "schema" else name))


class VerifierSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rounds: int = Field(3, ge=1, le=20)


class Constraints(BaseModel):
    """Constraints beyond the framework; "none" leaves the choice to the agent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    architecture: Literal["clean", "none"] = "none"
    database: Literal["sqlite", "postgresql", "none"] = "none"
    orm: Literal["sqlalchemy", "sequelize", "none"] = "none"


class TaskSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_NAME_PATTERN)
    contract: str = "conduit"  # a bundled contract name, or an absolute path once loaded
    framework: Framework
    constraints: Constraints = Constraints()
    task: Literal["greenfield", "feature"] = "greenfield"
    repo: Path | None = None
    description: str | None = None
    workdir: Path
    model: str = Field(DEFAULT_MODEL, min_length=1)
    # Beside `model`, a string: a local server's window is a property of how it was started, not of the name.
    context_window: int | None = Field(None, gt=0)
    budget: Budget = Budget()
    mitigations: Mitigations = Mitigations()
    planner_model: str | None = Field(None, min_length=1)
    verifier_model: str | None = Field(None, min_length=1)
    verifier: VerifierSettings = VerifierSettings()

    @model_validator(mode="after")
    def _consistent(self) -> TaskSpec:
        self.constraint_set()  # raises ConstraintError (a ValueError) on contradictions
        return self

    @property
    def language(self) -> Literal["python", "node"]:
        return FRAMEWORKS[self.framework]

    @property
    def level(self) -> int:
        """Number of constraints beyond the framework (L0-L3)."""
        return self.constraint_set().level()

    def constraint_set(self) -> ConstraintSet:
        return ConstraintSet(framework=self.framework, **self.constraints.model_dump())

    def contract_file(self) -> Path:
        """The OpenAPI file itself, whose text opens the task prompt."""
        path = Path(self.contract)
        return path if path.is_absolute() else contract_path(self.contract)

    def load_contract(self) -> dict[str, Any]:
        return load_contract(self.contract)

    def mitigation_options(self) -> dict[str, Any]:
        """What the mitigations read besides their switches (models left out when the run's is meant)."""
        options: dict[str, Any] = {"verifier_rounds": self.verifier.rounds}
        if self.planner_model:
            options["planner_model"] = self.planner_model
        if self.verifier_model:
            options["verifier_model"] = self.verifier_model
        return options


def load_spec(path: str | Path, overrides: dict[str, Any] | None = None) -> TaskSpec:
    """Read a spec file; `overrides` ({"model": ..., "budget.steps": ...} or nested) win over the file."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise SpecError(source, None, f"cannot read: {reason}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise SpecError(source, None, f"{where}invalid YAML: {getattr(exc, 'problem', None) or exc}") from exc
    return parse_spec(data, source=source, base_dir=Path(path).resolve().parent, overrides=overrides)


def parse_spec(
    data: Any, *, source: str = "spec", base_dir: Path | None = None, overrides: dict[str, Any] | None = None
) -> TaskSpec:
    """Validate a spec given as data (e.g. parsed YAML); errors are SpecError with one line."""
    if not isinstance(data, dict):
        raise SpecError(source, None, "must be a YAML mapping with at least name and framework")
    raw = copy.deepcopy(data)
    overridden = _apply_overrides(raw, overrides or {}, source)

    def fail(key: str, message: str) -> SpecError:
        return SpecError(source, key, message + (" (override)" if key in overridden else ""))

    _normalise_constraints(raw, fail)
    base = (base_dir or Path.cwd()).resolve()
    for key in _PATH_KEYS:
        if isinstance(raw.get(key), str):
            raw[key] = _resolve(raw[key], Path.cwd().resolve() if key in overridden else base)
    if isinstance(raw.get("contract"), str) and _looks_like_path(raw["contract"]):
        raw["contract"] = str(_resolve(raw["contract"], Path.cwd().resolve() if "contract" in overridden else base))
    if "workdir" not in raw and isinstance(raw.get("name"), str):
        raw["workdir"] = base / "runs" / raw["name"]
    try:
        spec = TaskSpec.model_validate(raw)
    except ValidationError as exc:
        key, message = describe_validation_error(exc, TaskSpec)
        raise fail(key, message) from None
    _check_task(spec, fail)
    try:
        spec.load_contract()
    except ContractError as exc:
        raise fail("contract", str(exc)) from None
    return spec


def _apply_overrides(raw: dict[str, Any], overrides: dict[str, Any], source: str, prefix: str = "") -> set[str]:
    """Write overrides into the raw spec; None means "not given". Returns the dotted keys written."""
    written: set[str] = set()
    for key, value in overrides.items():
        dotted = f"{prefix}{key}"
        if value is None:
            continue
        if isinstance(value, dict):
            written |= _apply_overrides(raw, value, source, f"{dotted}.")
            continue
        node = raw
        parts = dotted.split(".")
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise SpecError(source, part, "must be a mapping")
            node = child
        node[parts[-1]] = value
        written.add(dotted)
    return written


def _normalise_constraints(raw: dict[str, Any], fail: Fail) -> None:
    """Framework and constraint values through planners.constraints, with the offending key in errors."""
    if raw.get("framework") in (None, ""):
        raise fail("framework", f"is required; choose one of {', '.join(FRAMEWORKS)}")
    try:
        framework = ConstraintSet(framework=raw["framework"]).framework
    except ConstraintError as exc:
        raise fail("framework", str(exc)) from None
    language = FRAMEWORKS[framework]
    constraints = raw.get("constraints")
    if constraints is None:
        constraints = {}
    if not isinstance(constraints, dict):
        raise fail("constraints", "must be a mapping of architecture, database, orm")
    for kind in _CONSTRAINT_KINDS:
        value = constraints.get(kind)
        orm_language = ORM_LANGUAGE.get(str(value).strip().lower()) if kind == "orm" else None
        if orm_language and orm_language != language:
            raise fail(
                "constraints.orm",
                f"{str(value).strip().lower()} is an ORM for {LANGUAGE_LABEL[orm_language]}; "
                f"{framework} is {LANGUAGE_LABEL[language]}",
            )
        try:
            normalised = ConstraintSet(framework=framework, **{kind: value})
        except ConstraintError as exc:
            raise fail(f"constraints.{kind}", str(exc)) from None
        if kind in constraints:
            constraints[kind] = normalised.value(kind)
    raw["framework"] = framework
    raw["constraints"] = constraints


def _check_task(spec: TaskSpec, fail: Fail) -> None:
    if spec.task == "greenfield":
        for key in ("repo", "description"):
            if getattr(spec, key) is not None:
                raise fail(key, "only a feature task takes one (task is greenfield)")
        return
    if spec.repo is None:
        raise fail("repo", "is required for a feature task (the repository to extend)")
    if not spec.repo.is_dir():
        raise fail("repo", f"no such directory: {spec.repo}")
    if not (spec.description or "").strip():
        raise fail("description", "is required for a feature task (what to add)")


def _looks_like_path(value: str) -> bool:
    return Path(value).suffix.lower() in {".yaml", ".yml", ".json"} or "/" in value or "\\" in value


def _resolve(value: str, base: Path) -> Path:
    path = Path(value).expanduser()
    return (path if path.is_absolute() else base / path).resolve()
