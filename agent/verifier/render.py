"""A verifier report as the text the agent reads after `submit` or `verify`."""

from __future__ import annotations

from agent.verifier.report import VerifierReport
from prompts.render import render

SHOWN_FINDINGS = 20


def report_text(report: VerifierReport, rounds: int, submission: bool = True) -> str:
    findings = report.findings
    shown = [
        {"gate": f.gate, "where": f.where(), "message": f.message, "evidence": f.evidence}
        for f in findings[:SHOWN_FINDINGS]
    ]
    gates = ", ".join(f"{g.gate} {g.status}" for g in report.gates)
    return render(
        "verifier_findings.md.j2",
        passed=report.passed,
        submission=submission,
        round=report.round,
        rounds=rounds,
        count=len(findings),
        findings=shown,
        hidden=max(len(findings) - SHOWN_FINDINGS, 0),
        gates=gates,
    )
