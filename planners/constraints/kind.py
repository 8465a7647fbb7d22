"""What the catalog holds for each constraint kind: its obligations and its compliance check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from planners.compliance.imports import ImportGraph
from planners.compliance.verdict import Verdict
from planners.compliance.workspace import Workspace, scan
from planners.constraints.model import ConstraintKindName, ConstraintSet
from planners.constraints.obligation import Obligation

ScannedCheck = Callable[[Workspace, ConstraintSet, ImportGraph | None], Verdict]


@dataclass(frozen=True)
class ConstraintKind:
    name: ConstraintKindName
    obligations: Callable[[ConstraintSet], list[Obligation]]
    # Works on an already scanned workspace, so a report parses every file once for all kinds.
    check_scanned: ScannedCheck

    def check(self, workspace: Path, constraints: ConstraintSet) -> Verdict:
        return self.check_scanned(scan(workspace), constraints, None)
