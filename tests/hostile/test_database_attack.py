"""Two evaluations at once on one PostgreSQL server; one of them tries every route into the other."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import psycopg

from evals.references import reference_path
from evals.results import EvalResult
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tests.hostile.containment import wait_for
from tests.hostile.db_attack import ATTACK
from tools.apps import AppLimits
from tools.isolation.mode import resolve_isolation

POSTMAN_FRESH_TOTAL = 311
HURL_TOTAL = 538
ROUTES = 16  # attempts attack.py makes when no server socket is visible, "done" included


def _copy_reference(folder: Path, run_sh: str) -> Path:
    shutil.copytree(reference_path(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "run.sh").write_text(run_sh)
    return folder


def _databases(admin_url: str) -> set[str]:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'cagent_eval_%'")}


def test_an_app_cannot_reach_another_evaluations_database(tmp_path: Path, postgres, isolation: str) -> None:  # type: ignore[no-untyped-def]
    choice = resolve_isolation(isolation)
    admin_url = postgres._admin.admin_url
    # The victim waits for the attack to be over before it serves, so the attack meets its database live.
    victim = _copy_reference(
        tmp_path / "victim", 'cd "$(dirname "$0")"\nwhile [ ! -f go ]; do sleep 0.05; done\nexec python -m app\n'
    )
    attacker = _copy_reference(tmp_path / "attacker", 'cd "$(dirname "$0")"\npython attack.py\nexec python -m app\n')
    (attacker / "attack.py").write_text(ATTACK)
    results: dict[str, EvalResult] = {}

    def run(name: str, workspace: Path, suite: str) -> None:
        options = EvalOptions(limits=AppLimits(startup_s=180, stop_grace_s=1), isolation=choice)
        results[name] = evaluate(workspace, [load_suite(suite)], postgres, options)

    before = _databases(admin_url)
    victim_thread = threading.Thread(target=run, args=("victim", victim, "postman-v1"))
    victim_thread.start()
    try:
        wait_for(lambda: len(_databases(admin_url) - before) == 1)
        (target,) = _databases(admin_url) - before
        (attacker / "target.txt").write_text(target)
        attacker_thread = threading.Thread(target=run, args=("attacker", attacker, "hurl-v2"))
        attacker_thread.start()
        wait_for(lambda: '"route": "done"' in _read(attacker / "attack.log"))
    finally:
        (victim / "go").write_text("")
        victim_thread.join(timeout=600)
    attacker_thread.join(timeout=600)

    attempts = [json.loads(line) for line in _read(attacker / "attack.log").splitlines()]
    allowed = [a for a in attempts if a["allowed"]]
    assert allowed == [], f"routes that worked: {allowed}"
    assert len(attempts) == ROUTES
    assert results["victim"].passed == POSTMAN_FRESH_TOTAL and results["victim"].failed == 0
    assert results["attacker"].passed == HURL_TOTAL and results["attacker"].failed == 0
    assert results["attacker"].isolation == isolation
    assert _databases(admin_url) == before, "an evaluation database was left behind"


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError:
        return ""
