"""All compliance verdicts for one workspace and one task, with the overall answer."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, computed_field

from planners.compliance.imports import ImportGraph
from planners.compliance.verdict import Verdict
from planners.compliance.workspace import scan
from planners.constraints.catalog import CATALOG
from planners.constraints.model import ConstraintSet


class ComplianceReport(BaseModel):
    workspace: str
    constraints: ConstraintSet
    verdicts: list[Verdict]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def compliant(self) -> bool:
        """True when every required verdict complies (warnings never count)."""
        return all(verdict.compliant for verdict in self.verdicts if verdict.required)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def published_compliant(self) -> bool | None:
        """The published verifier's answer over the kinds it checks (None when it checks none of them)."""
        answers = [v.published_compliant for v in self.verdicts if v.published_compliant is not None]
        return all(answers) if answers else None

    def verdict(self, kind: str) -> Verdict | None:
        return next((verdict for verdict in self.verdicts if verdict.kind == kind), None)

    def with_verdict(self, verdict: Verdict) -> ComplianceReport:
        """A copy with one more verdict (e.g. runtime database evidence gathered after a suite ran)."""
        return self.model_copy(update={"verdicts": [*self.verdicts, verdict]})


def check_all(workspace: Path, constraints: ConstraintSet) -> ComplianceReport:
    """Check every constrained kind (the framework always); files are read and parsed once."""
    scanned = scan(workspace)
    graph = ImportGraph(scanned, constraints.language)
    verdicts = [CATALOG[name].check_scanned(scanned, constraints, graph) for name in constraints.constrained_kinds()]
    return ComplianceReport(workspace=str(scanned.root), constraints=constraints, verdicts=verdicts)
