"""Faults of a whole evaluation, through `evaluate()` on tiny real servers: a crash after a few answers, a
hang after the health check, a trickle, a broken memory limit, a database server killed mid-suite,
and the scratch directories a killed harness leaves. Each ends in a result that says what happened,
classified as that, with nothing left behind."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from evals.faults import derive_fault, limit_fault
from evals.results import EvalResult, RequestOutcome, StartupInfo, SuiteResult
from evals.runner import SCRATCH_PREFIX, EvalOptions, evaluate
from evals.suites.registry import load_suite
from planners.constraints import ConstraintSet
from tests.fault_apps import CRASH_AT_SIXTH, HANG, HOG_AT_THIRD, TRICKLE, write_app
from tools.apps import AppLimits
from tools.databases import DatabaseUnavailable
from tools.procs.pids import pid_alive
from tools.procs.scratch import owned_scratch_dir, owner_pid, remove_dead_owners


def _our_scratch_dirs() -> list[Path]:
    return sorted(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{os.getpid()}-*"))


def _nothing_listens(port: int | None) -> bool:
    assert port is not None
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def _evaluate(workspace: Path, provider=None, on_request=None, **options) -> EvalResult:
    limits = AppLimits(startup_s=30.0, stop_grace_s=1.0, memory_mb=options.pop("memory_mb", 2048))
    result = evaluate(
        workspace, [load_suite("postman-v1")], provider, EvalOptions(limits=limits, **options), on_request=on_request
    )
    assert _our_scratch_dirs() == [], "the evaluation's scratch directory survived it"
    assert result.startup.ok, result.startup
    assert _nothing_listens(result.startup.port), "the app still serves after its evaluation"
    return result


def test_a_server_that_dies_after_five_answers_is_a_crash(tmp_path: Path) -> None:
    result = _evaluate(write_app(tmp_path / "app", CRASH_AT_SIXTH))
    requests = result.suites[0].requests
    assert [r.status is not None for r in requests[:5]] == [True] * 5
    assert all(r.status is None for r in requests[5:])
    assert result.fault == "server_crash"
    assert result.fault_detail is not None and "request 6 (" in result.fault_detail
    assert "after 5 answered requests" in result.fault_detail
    assert result.failure is not None and result.failure.category == "server_crash"
    assert result.failure.rule == "fault.server_crash"
    assert any("MemoryError: boom" in line for line in result.failure.evidence)
    assert not result.all_passed


def test_a_server_that_hangs_after_the_health_check_is_a_timeout(tmp_path: Path) -> None:
    started = time.monotonic()
    result = _evaluate(write_app(tmp_path / "app", HANG), request_timeout_s=1.0)
    requests = result.suites[0].requests
    assert [r.transport_failure for r in requests[:4]] == ["timeout", "timeout", "timeout", "unresponsive"]
    assert result.fault == "timeout"
    assert result.fault_detail is not None and "after the health check answered" in result.fault_detail
    assert result.failure is not None and result.failure.category == "timeout"
    assert time.monotonic() - started < 120  # three waits of 1 s, then the rest are not sent


def test_a_trickling_server_is_a_timeout_that_says_so(tmp_path: Path) -> None:
    result = _evaluate(write_app(tmp_path / "app", TRICKLE), request_timeout_s=2.0)
    requests = result.suites[0].requests
    assert [r.transport_failure for r in requests[:3]] == ["too_slow"] * 3
    assert result.fault == "timeout"
    assert result.fault_detail is not None and "sends too slowly" in result.fault_detail
    assert result.failure is not None and result.failure.category == "timeout"
    assert result.request_limits.request_timeout_s == 2.0 and result.request_limits.max_body_mb == 16


def test_a_broken_memory_limit_is_a_resource_limit(tmp_path: Path) -> None:
    result = _evaluate(write_app(tmp_path / "app", HOG_AT_THIRD), memory_mb=100)
    assert result.limit_violation is not None and result.limit_violation.startswith("memory limit exceeded")
    assert (result.fault, result.fault_detail) == ("limit:memory", result.limit_violation)
    assert result.failure is not None and result.failure.category == "resource_limit"
    assert result.failure.rule == "fault.limit.memory"


@pytest.fixture
def private_cluster():
    """A PostgreSQL cluster of this test alone: the test kills its server."""
    from tools.databases.postgres_local import LocalPostgresCluster

    try:
        cluster = LocalPostgresCluster()
    except DatabaseUnavailable as exc:
        if os.environ.get("CAGENT_TESTS_WITHOUT_POSTGRES") == "1":
            pytest.skip(f"PostgreSQL unavailable (waived by CAGENT_TESTS_WITHOUT_POSTGRES=1): {exc}")
        pytest.fail(f"PostgreSQL unavailable: {exc} (set CAGENT_TESTS_WITHOUT_POSTGRES=1 to skip these tests)")
    yield cluster
    cluster.close()


def test_a_database_server_killed_mid_suite_ends_in_an_infra_fault(tmp_path: Path, private_cluster) -> None:
    postmaster = int((private_cluster.data_dir / "postmaster.pid").read_text().splitlines()[0])
    seen: list[str] = []

    def kill_after_five(suite: str, outcome: RequestOutcome) -> None:
        seen.append(outcome.name)
        if len(seen) == 5:
            os.kill(postmaster, signal.SIGKILL)

    constraints = ConstraintSet(framework="flask", database="postgresql")
    result = _evaluate(
        write_app(tmp_path / "app", "pass"), private_cluster, on_request=kill_after_five, constraints=constraints
    )
    assert not pid_alive(postmaster) or _zombie(postmaster)
    assert len(seen) == 32, "the suite ran to its end"
    assert result.fault == "infra"
    assert result.fault_detail is not None and result.fault_detail.startswith("database server died")
    assert result.failure is not None and result.failure.category == "harness_fault"
    assert result.compliance is not None
    runtime = result.compliance.verdict("database-runtime")
    assert runtime is not None and not runtime.compliant
    assert any("cannot read the provisioned postgresql database" in str(v) for v in runtime.violations)


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False


def test_scratch_directories_of_dead_owners_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{SCRATCH_PREFIX}{dead.pid}-abcd"
    (stale / "nested").mkdir(parents=True)
    (stale / "nested" / "server.log").write_text("left by a harness killed with SIGKILL")
    ours = owned_scratch_dir(SCRATCH_PREFIX, root=tmp_path)
    unrelated = tmp_path / f"{SCRATCH_PREFIX}notes"
    unrelated.mkdir()
    # A live pid that is not the owner: the process started after the folder was last changed.
    reused = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        recycled = tmp_path / f"{SCRATCH_PREFIX}{reused.pid}-efgh"
        recycled.mkdir()
        an_hour_ago = time.time() - 3600
        os.utime(recycled, (an_hour_ago, an_hour_ago))
        removed = remove_dead_owners(SCRATCH_PREFIX, root=tmp_path)
    finally:
        reused.kill()
        reused.wait()
    assert sorted(removed) == sorted([stale, recycled])
    assert not stale.exists() and not recycled.exists()
    assert ours.is_dir() and owner_pid(ours, SCRATCH_PREFIX) == os.getpid() and unrelated.is_dir()


def test_an_evaluation_sweeps_what_a_killed_harness_left(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path(tempfile.gettempdir()) / f"{SCRATCH_PREFIX}{dead.pid}-zz{os.getpid()}"
    stale.mkdir()
    (stale / "server.log").write_text("x")
    try:
        _evaluate(write_app(tmp_path / "app", "pass"))
        assert not stale.exists()
    finally:
        if stale.exists():
            (stale / "server.log").unlink()
            stale.rmdir()


# --- the fault rules on results made by hand ---------------------------------------------------------


def _result(*statuses: int | None, failure: str = "refused", started: bool = True) -> EvalResult:
    requests = [
        RequestOutcome(
            index=i, name=f"r{i}", method="GET", path=f"/api/r{i}", status=status,
            error=None if status is not None else f"{failure} here", transport_failure=None if status else failure,
        )
        for i, status in enumerate(statuses, start=1)
    ]  # fmt: skip
    return EvalResult(
        workspace="/w",
        database="none",
        startup=StartupInfo(ok=started),
        suites=[SuiteResult(suite="s", requests=requests)],
    )


def test_the_fault_rules() -> None:
    assert derive_fault(_result(200, 200, None, None))[0] == "server_crash"  # type: ignore[index]
    assert derive_fault(_result(200, 200, None), app_exit_code=3)[1].endswith("the app exited with code 3")  # type: ignore[index]
    assert derive_fault(_result(200, None, 200)) is None, "it answered again: no crash"
    assert derive_fault(_result(200, None, None, failure="timeout"))[0] == "timeout"  # type: ignore[index]
    assert derive_fault(_result(200, 200, None, failure="timeout")) is None, "one slow request at the end"
    assert derive_fault(_result(200, None, None, failure="too_large")) is None, "a big body is no fault"
    assert derive_fault(_result(None, None, started=False)) is None, "a start-up failure is not a fault"
    assert derive_fault(_result(200, 200)) is None
    hung_then_unsent = _result(200, None, None, None, failure="timeout")
    hung_then_unsent.suites[0].requests[-1].transport_failure = "not_sent"  # hurl-v2: a capture it never gave
    assert derive_fault(hung_then_unsent)[0] == "timeout", "unsent requests say nothing"  # type: ignore[index]
    limited = _result(200, None)
    limited.limit_violation = "process limit exceeded: 65 > 64"
    assert derive_fault(limited) == ("limit:processes", "process limit exceeded: 65 > 64")
    assert limit_fault("wall-clock limit exceeded: 900 s") == "limit:wall"
    assert limit_fault("memory limit exceeded: 3000 MiB > 2048 MiB") == "limit:memory"
    assert limit_fault("disk quota exceeded") == "limit:other"
