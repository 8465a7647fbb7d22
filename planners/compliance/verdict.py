"""What a compliance check returns: a verdict per constraint, with located violations and evidence."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Violation(BaseModel):
    """A located finding. `file` is relative to the workspace ("" when it concerns the whole workspace)."""

    model_config = ConfigDict(frozen=True)

    file: str = ""
    line: int = 0
    reason: str

    def where(self) -> str:
        if not self.file:
            return "(workspace)"
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        return f"{self.where()} {self.reason}"


class Verdict(BaseModel):
    """One constraint's outcome. Warnings are reported but never make a verdict non-compliant."""

    kind: str
    value: str
    compliant: bool
    violations: list[Violation] = []
    warnings: list[Violation] = []
    evidence: list[str] = []
    # Whether the check counts towards the report's overall compliance (runtime evidence may be informative).
    required: bool = True
    # What the published Constraint Decay verifier would decide on the same workspace (None: it has no such check).
    published_compliant: bool | None = None


class Findings:
    """Collects violations, warnings and evidence while a check runs, then freezes them into a Verdict."""

    def __init__(self, kind: str, value: str) -> None:
        self.kind = kind
        self.value = value
        self.violations: list[Violation] = []
        self.warnings: list[Violation] = []
        self.evidence: list[str] = []

    def violation(self, reason: str, file: str = "", line: int = 0) -> None:
        item = Violation(file=file, line=line, reason=reason)
        if item not in self.violations:
            self.violations.append(item)

    def warning(self, reason: str, file: str = "", line: int = 0) -> None:
        item = Violation(file=file, line=line, reason=reason)
        if item not in self.warnings:
            self.warnings.append(item)

    def note(self, text: str) -> None:
        if text not in self.evidence:
            self.evidence.append(text)

    def verdict(self, published: bool | None = None) -> Verdict:
        return Verdict(
            kind=self.kind,
            value=self.value,
            compliant=not self.violations,
            violations=sorted(self.violations, key=lambda v: (v.file, v.line, v.reason)),
            warnings=sorted(self.warnings, key=lambda v: (v.file, v.line, v.reason)),
            evidence=self.evidence,
            published_compliant=published,
        )
