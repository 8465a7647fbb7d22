"""One benchmark task: what the scaffold is told, and how the harness runs what it leaves."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from agent.spec import Constraints

Kind = Literal["greenfield", "feature"]
Language = Literal["python", "node"]

# How the published task names spell each constrained choice (e.g. flask-openapi-clean_architecture-postgres).
CONSTRAINT_TOKENS: dict[str, tuple[str, str]] = {
    "clean_architecture": ("architecture", "clean"),
    "sqlite": ("database", "sqlite"),
    "postgres": ("database", "postgresql"),
    "sqlalchemy": ("orm", "sqlalchemy"),
    "sequelize": ("orm", "sequelize"),
}
_TOKEN_OF = {value: token for token, value in CONSTRAINT_TOKENS.items()}


def constraint_tokens(constraints: Constraints) -> list[str]:
    """The constraints as the published names spell them, in name order (architecture, database, orm)."""
    pairs = [("architecture", constraints.architecture), ("database", constraints.database), ("orm", constraints.orm)]
    return [_TOKEN_OF[pair] for pair in pairs if pair[1] != "none"]


class BenchTask(BaseModel):
    """A task of the benchmark, whatever its source (the project's own, or an imported task file)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    kind: Kind
    framework: str
    language: Language
    constraints: Constraints = Constraints()
    prompt: str
    description: str = ""
    source: str = "cagent"  # "cagent", or the task file it was imported from
    # The published harness's commands; the defaults are what this harness does anyway.
    setup_cmds: list[str] = Field(default_factory=list)
    run_cmds: list[str] = Field(default_factory=lambda: ["./run.sh"])
    port: int
    base_url: str = "/api"
    health_check: str = "/api/health-check"
    # A feature task's starting point: a repository (and the patch that removes the feature from it).
    repo: Path | None = None
    patch: str | None = None
    system_guidance: str | None = None

    @property
    def level(self) -> int:
        """Constraints beyond the framework: 0 (unconstrained) to 3."""
        return len(self.constraint_names)

    @property
    def constraint_names(self) -> list[str]:
        return constraint_tokens(self.constraints)

    def summary(self) -> dict[str, object]:
        """The row `cagent tasks list --json` prints for this task."""
        return {
            "name": self.name,
            "kind": self.kind,
            "level": self.level,
            "framework": self.framework,
            "constraints": self.constraint_names,
        }
