"""What the verifier returns: findings located precisely enough to act on, per gate, per round."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, computed_field

GateName = Literal[
    "compliance", "plan", "run-script", "install", "startup", "leftover-server", "db-smoke", "contract", "review"
]
GateStatus = Literal["passed", "failed", "skipped"]
EVIDENCE_CHARS = 1500


def tail(text: str, chars: int = EVIDENCE_CHARS) -> str:
    """The end of a long output, where the error usually is."""
    text = text.strip()
    return text if len(text) <= chars else "..." + text[-chars:]


class Finding(BaseModel):
    """One defect. `file` is relative to the workspace ("" when it concerns the running app as a whole);
    `evidence` is what shows it: the offending line, the failing command and its output tail, or the
    request and the response."""

    gate: GateName
    message: str
    file: str = ""
    line: int = 0
    evidence: str = ""

    def where(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file


class GateResult(BaseModel):
    gate: GateName
    status: GateStatus
    seconds: float = 0.0
    findings: list[Finding] = Field(default_factory=list)
    note: str = ""  # why it was skipped, or what it checked


class VerifierReport(BaseModel):
    """One round: every gate that ran, in order. `passed` only when no gate found anything."""

    round: int = 1
    gates: list[GateResult] = Field(default_factory=list)
    seconds: float = 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        return not self.findings

    @computed_field  # type: ignore[prop-decorator]
    @property
    def findings(self) -> list[Finding]:
        return [finding for gate in self.gates for finding in gate.findings]

    def gate(self, name: GateName) -> GateResult | None:
        return next((result for result in self.gates if result.gate == name), None)
