"""The ConstraintPlan: what the task demands (obligations) and how the code will meet it (operations).

Saved as WORKDIR/plan.json, rendered into the task prompt as a checklist, and read back by the verifier.
`as_json()` is the document `cagent plan --json` prints: `constraints` holds exactly the four catalog
fields, beside `obligations`, `operations` and what led to them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from planners.constraints.model import ConstraintSet
from planners.constraints.obligation import Obligation
from planners.extraction.result import Extraction

FORMAT = "cagent-plan/1"
Layer = Literal["routes", "services", "repositories", "models", "entry", "support"]


class LayerRule(BaseModel):
    model_config = ConfigDict(frozen=True)

    layer: str
    directory: str
    job: str
    may_import: list[str]  # other layers
    must_not_import: list[str]  # layers and packages


class StackObligations(BaseModel):
    items: list[Obligation]  # the catalog's obligations for this stack, framework first
    layers: list[LayerRule]  # empty when the architecture is free
    required_files: list[str]
    env: list[str]
    driver: str | None
    forbidden_packages: list[str]  # anywhere in the code: the other database's drivers
    other_frameworks: list[str]  # web frameworks other than the task's
    database_module: str | None
    schema_creation: str | None


class PlannedFile(BaseModel):
    path: str
    layer: Layer
    imports: list[str] = Field(default_factory=list)  # project files (paths) and packages
    duties: list[str] = Field(default_factory=list)


class Entity(BaseModel):
    name: str
    stored_as: str  # the entity whose table holds it (Profile is stored as User)
    model_file: str | None
    schema_name: str | None = None  # its schema in the contract


class OperationPlan(BaseModel):
    operation_id: str
    method: str
    path: str
    auth: str
    tag: str
    success_status: int
    route_file: str
    service_file: str | None
    repository_files: list[str]
    model_files: list[str]
    entities: list[str]
    notes: list[str] = Field(default_factory=list)


class Attempt(BaseModel):
    accepted: bool
    reasons: list[str] = Field(default_factory=list)  # why the draft was rejected


class Refinement(BaseModel):
    # default: no planner model was asked; refined: a draft was accepted; rejected: every draft broke an
    # obligation and the default stands; failed: the model could not answer (the default stands).
    outcome: Literal["default", "refined", "rejected", "failed"] = "default"
    planner: str | None = None
    attempts: list[Attempt] = Field(default_factory=list)
    error: str | None = None


class ConstraintPlan(BaseModel):
    format: str = FORMAT
    constraints: ConstraintSet
    extraction: Extraction
    obligations: StackObligations
    entities: list[Entity]
    operations: list[OperationPlan]
    files: list[PlannedFile]
    contract_title: str | None = None
    refinement: Refinement = Field(default_factory=Refinement)

    def as_json(self) -> dict[str, Any]:
        c = self.constraints
        document = self.model_dump(mode="json", exclude={"constraints", "extraction"})
        return {
            "format": self.format,
            "constraints": {
                "framework": c.framework,
                "architecture": c.architecture,
                "database": c.database,
                "orm": c.orm,
            },
            "language": c.language,
            "extraction": self.extraction.as_json(),
            **{key: value for key, value in document.items() if key != "format"},
        }
