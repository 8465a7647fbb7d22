"""The verifier of one run: rounds at `submit` (counted) and on demand (`verify`), all kept in verifier.json.

`WORKDIR/verifier.json` (written after every round, atomically):
    {"format": "cagent-verifier/1", "rounds": [{"kind": "submit"|"verify", "summary": ..., "report": ...}]}
where `report` is a VerifierReport (round, passed, gates with their findings, seconds).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.verifier.render import report_text
from agent.verifier.report import VerifierReport
from agent.verifier.verifier import Verifier
from tools.atomic import write_atomic

FORMAT = "cagent-verifier/1"


class Round(BaseModel):
    kind: Literal["submit", "verify"]
    summary: str = ""
    report: VerifierReport


class RoundsDocument(BaseModel):
    format: str = FORMAT
    rounds: list[Round] = Field(default_factory=list)


class VerifierRounds:
    def __init__(self, verifier: Verifier, path: Path, rounds: int) -> None:
        self.verifier = verifier
        self.path = path
        self.rounds = rounds
        self.document = _load(path)

    @property
    def submit_rounds(self) -> int:
        return sum(1 for item in self.document.rounds if item.kind == "submit")

    def run(self, kind: Literal["submit", "verify"], summary: str = "") -> tuple[VerifierReport, str]:
        number = self.submit_rounds + 1 if kind == "submit" else self.submit_rounds
        report = self.verifier.verify(max(number, 1))
        self.document.rounds.append(Round(kind=kind, summary=summary, report=report))
        write_atomic(self.path, json.dumps(self.document.model_dump(mode="json"), indent=1))
        return report, report_text(report, self.rounds, submission=kind == "submit")

    def summary(self) -> dict[str, Any]:
        """What the run's record says about the verifier so far."""
        last = self.document.rounds[-1].report if self.document.rounds else None
        return {
            "verifier_json": str(self.path),
            "rounds": len(self.document.rounds),
            "submit_rounds": self.submit_rounds,
            "passed": last.passed if last else None,
            "still_failing": [f"[{f.gate}] {f.where()} {f.message}".replace("  ", " ") for f in last.findings][:20]
            if last
            else [],
        }


def _load(path: Path) -> RoundsDocument:
    """Earlier rounds of a resumed run; a missing or unreadable file starts afresh."""
    try:
        return RoundsDocument.model_validate_json(path.read_text())
    except (OSError, ValueError):
        return RoundsDocument()
