"""The verifier's runtime gates on the reference and seeded defects of it: real install, real boxes,
real PostgreSQL and SQLite, real HTTP. Each defect must be named by the finding, correct code found clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from agent.verifier.report import VerifierReport
from agent.verifier.verifier import Verifier, VerifierSetup
from evals.references import reference_path
from planners.constraints import ConstraintSet
from planners.contracts import load_contract
from tests.mounted_reference import MOUNTED
from tests.reference_mutants import make_mutant
from tools.apps import AppLimits
from tools.apps.task_start import TaskStart
from tools.procs.ports import free_port, port_accepts


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str | None], Path]:
    """Each mutant at the same path, so that they share one virtualenv (it is keyed by the path)."""
    root = tmp_path_factory.mktemp("verifier-mutants")

    def place(mutant: str | None) -> Path:
        target = root / "backend"
        shutil.rmtree(target, ignore_errors=True)
        if mutant is None:  # a copy: other tests run the reference itself at the same time
            return Path(shutil.copytree(reference_path(), target, ignore=shutil.ignore_patterns("__pycache__")))
        return make_mutant(mutant, root / "made").rename(target)

    yield place
    shutil.rmtree(root, ignore_errors=True)


def _verify(workspace: Path, provider, database: str = "postgresql", start: TaskStart | None = None) -> VerifierReport:
    constraints = ConstraintSet(framework="flask", architecture="clean", database=database, orm="sqlalchemy")
    setup = VerifierSetup(
        constraints=constraints, contract=load_contract("conduit"), provider=provider,
        limits=AppLimits(startup_s=20.0, stop_grace_s=1.0), start=start or TaskStart(),
    )  # fmt: skip
    return Verifier(workspace, setup).verify()


@pytest.mark.parametrize("database", ["postgres", "sqlite"])
def test_the_reference_passes_every_gate(seeded, database: str, request) -> None:
    report = _verify(seeded(None), request.getfixturevalue(database), database.replace("postgres", "postgresql"))
    assert report.passed, [f.message for f in report.findings]
    assert [g.status for g in report.gates] == ["passed"] * 7
    assert "row found in the provisioned" in report.gate("db-smoke").note


def test_an_imported_task_is_verified_its_own_way(seeded, postgres) -> None:
    """No run.sh, its own run command and port, its API under /conduit/api: verified as it will be scored."""
    workspace = seeded(None)
    (workspace / "run.sh").unlink()
    (workspace / "mounted.py").write_text(MOUNTED)
    default = _verify(workspace, postgres)
    assert default.gate("run-script").status == "failed"
    port = free_port()
    start = TaskStart(run_cmds=["python mounted.py"], setup_cmds=["pip install -r requirements.txt"], port=port,
                      health_path="/conduit/api/health-check", api_base="/conduit/api")  # fmt: skip
    report = _verify(workspace, postgres, start=start)
    assert report.passed, [f.message for f in report.findings]
    assert report.gate("run-script").status == "skipped" and "python mounted.py" in report.gate("run-script").note
    assert [report.gate(g).status for g in ("startup", "db-smoke", "contract")] == ["passed"] * 3
    assert not port_accepts(port)  # stopped after the round


@pytest.mark.parametrize(
    ("mutant", "gate", "fragment"),
    [
        ("bearer_only", "db-smoke", "rejects `Authorization: Token <jwt>` (it accepts Bearer"),
        ("favorite_parses_empty_body", "contract", "POST /api/articles/{slug}/favorite answered 400 to Content-Type"),
        ("lacks_tags_route", "contract", "GET /api/tags is not routed"),
        ("unsorted_tags", "contract", "tagList: ['training', 'dragons'] is not sorted"),
    ],
)
def test_a_seeded_defect_is_named_by_its_gate(seeded, postgres, mutant: str, gate: str, fragment: str) -> None:
    report = _verify(seeded(mutant), postgres)
    found = [f for f in report.findings if f.gate == gate and fragment in f.message]
    assert found, [f"{f.gate}: {f.message}" for f in report.findings]
    assert "->" in found[0].evidence  # the request and the response
    assert {f.gate for f in report.findings} <= {"db-smoke", "contract"}


def test_a_server_that_does_not_start_is_located_in_the_code(seeded, sqlite) -> None:
    report = _verify(seeded("syntax_error"), sqlite, "sqlite")
    [finding] = report.findings
    assert (finding.gate, finding.file, finding.line) == ("startup", "app/routes/tags.py", 16)
    assert "SyntaxError" in finding.evidence
    assert [report.gate(g).status for g in ("db-smoke", "contract")] == ["skipped", "skipped"]


def test_a_server_left_running_in_the_workspace_is_found(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=workspace,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):
            if port_accepts(port):
                break
            server.wait(timeout=0.05) if server.poll() is not None else None
            subprocess.run(["sleep", "0.05"], check=False)
        setup = VerifierSetup(constraints=None, contract=None, provider=None, run_app=False)
        report = Verifier(workspace, setup).verify()
        [finding] = report.gate("leftover-server").findings
        assert f"holds port {port} (pid {server.pid})" in finding.message and "http.server" in finding.evidence
    finally:
        server.kill()
        server.wait()
