"""The `run.sh` gate: present, executable, starts the server in the foreground, installs nothing.

The harness installs the manifest itself and then runs `./run.sh`, waiting on it: a script that puts the
server in the background exits (and the app with it), and one that installs repeats minutes of work on
every start and may fail where the network is closed.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from agent.verifier.report import Finding, GateResult

# Commands that install packages; the harness installs requirements.txt / package.json before run.sh.
_INSTALLS = re.compile(
    r"\b(?:pip3?\s+install|python3?\s+-m\s+pip\s+install|uv\s+(?:pip\s+install|sync|add)|poetry\s+install|"
    r"pipenv\s+install|npm\s+(?:install|i|ci|add)\b|yarn(?:\s+install|\s+add|\s*$)|pnpm\s+(?:install|i|add)\b|"
    r"apt(?:-get)?\s+install|apk\s+add|brew\s+install|conda\s+install)"
)
# Ways of leaving the server running in the background and returning.
_BACKGROUND = re.compile(
    r"(?:^|\s)(?:nohup|setsid|disown|daemonize)\b|--daemon\b|\bpm2\s+start\b|\bforever\s+start\b|"
    r"\bdocker(?:-compose|\s+compose)?\s+(?:up|run)\b.*\s-d\b"
)
_TRAILING_AMPERSAND = re.compile(r"(?<![&|>])&\s*(?:#.*)?$")


def _code(line: str) -> str:
    """The line without a trailing comment (a `#` that starts a word), quotes ignored for brevity."""
    match = re.search(r"(?:^|\s)#", line)
    return (line[: match.start()] if match else line).rstrip()


def check_run_script(workspace: Path) -> GateResult:
    path = workspace / "run.sh"
    if not path.is_file():
        finding = Finding(
            gate="run-script",
            message="run.sh is missing: the harness starts the server with ./run.sh at the workspace root",
            file="run.sh",
        )
        return GateResult(gate="run-script", status="failed", findings=[finding])
    findings: list[Finding] = []
    if not path.stat().st_mode & stat.S_IXUSR:
        findings.append(
            Finding(gate="run-script", message="run.sh is not executable (chmod +x run.sh)", file="run.sh", line=1)
        )
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, raw in enumerate(text.splitlines(), start=1):
        code = _code(raw)
        if not code.strip() or code.lstrip().startswith("#"):
            continue
        if _INSTALLS.search(code):
            findings.append(
                Finding(
                    gate="run-script",
                    message="run.sh installs packages; declare them in the manifest, the harness installs it "
                    "before starting",
                    file="run.sh",
                    line=number,
                    evidence=raw.strip(),
                )
            )
        if _BACKGROUND.search(code) or _TRAILING_AMPERSAND.search(code):
            findings.append(
                Finding(
                    gate="run-script",
                    message="run.sh starts something in the background; the server must run in the foreground "
                    "(exec it as the script's last command)",
                    file="run.sh",
                    line=number,
                    evidence=raw.strip(),
                )
            )
    return GateResult(gate="run-script", status="failed" if findings else "passed", findings=findings)
