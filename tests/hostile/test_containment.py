"""Each hostile backend gets its verdict, a result document, and leaves nothing behind (see containment.py)."""

from __future__ import annotations

import os
import resource
import secrets
import subprocess
from pathlib import Path

import pytest

from tests.hostile.backends import forking, write_backend
from tests.hostile.containment import evaluate_hostile
from tests.tiny_apps import DAEMON
from tools.apps.cache import cache_root

pytestmark = pytest.mark.usefixtures("isolation_required")


def _requests(result):  # type: ignore[no-untyped-def]
    return [outcome for suite in result.suites for outcome in suite.requests]


def test_never_listens(tmp_path: Path) -> None:
    result = evaluate_hostile(write_backend(tmp_path / "ws", prelude="time.sleep(600)"), startup_s=2)
    assert not result.startup.ok and result.startup.reason == "timeout"


def test_loopback_only_is_reported(tmp_path: Path) -> None:
    workspace = write_backend(tmp_path / "ws")
    source = (workspace / "app.py").read_text().replace('("0.0.0.0"', '("127.0.0.1"')
    (workspace / "app.py").write_text(source)
    result = evaluate_hostile(workspace)
    assert result.startup.ok and result.startup.loopback_only


def test_hangs_after_the_health_check(tmp_path: Path) -> None:
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request="time.sleep(600)"))
    assert result.fault == "timeout" and result.passed == 0


def test_trickles_one_byte_a_second(tmp_path: Path) -> None:
    trickle = """
self.send_response(200)
self.send_header("Content-Length", "100000")
self.end_headers()
for _ in range(100000):
    self.wfile.write(b" "); self.wfile.flush(); time.sleep(1)
"""
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=trickle))
    assert result.fault == "timeout"
    assert result.timings.suite < 120, "each request must stop at the total time per request"


def test_a_1_gb_body_fails_its_request_and_the_harness_stays_small(tmp_path: Path) -> None:
    flood = """
self.send_response(200)
self.send_header("Content-Type", "application/json")
self.send_header("Content-Length", str(1 << 30))
self.end_headers()
chunk = b" " * (1 << 20)
for _ in range(1024):
    self.wfile.write(chunk)
return
"""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=flood))
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    errors = [outcome.error or "" for outcome in _requests(result)]
    assert any("larger than 16 MiB" in error for error in errors), errors[:3]
    assert grown_mib < 200, f"the harness grew by {grown_mib:.0f} MiB reading hostile bodies"


def test_redirect_loop_fails_only_its_requests(tmp_path: Path) -> None:
    loop = """
self.send_response(302)
self.send_header("Location", self.path)
self.send_header("Content-Length", "0")
self.end_headers()
return
"""
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=loop))
    assert result.startup.ok and result.passed == 0 and len(_requests(result)) > 0


def test_garbage_instead_of_http(tmp_path: Path) -> None:
    garbage = "self.wfile.write(b'\\x00\\xffnot http at all\\r\\n\\r\\n'); self.close_connection = True; return"
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=garbage))
    assert result.startup.ok and result.passed == 0
    assert all(outcome.status is None for outcome in _requests(result))


def test_log_flood_is_capped_on_disk(tmp_path: Path) -> None:
    lines = 'lambda: [sys.stdout.write("x" * 1023 + "\\n") for _ in range(300_000)]'
    flood = f"threading.Thread(target={lines}, daemon=True).start()"
    log = tmp_path / "server.log"
    result = evaluate_hostile(
        write_backend(tmp_path / "ws", prelude=flood, on_request="time.sleep(0.05)"), log=log, suite="postman-v1"
    )
    assert result.startup.ok
    assert log.stat().st_size < 2 * 1024 * 1024, "the stored log must be capped"
    assert "bytes of server output cut" in log.read_text()


def test_setsid_daemon_is_gone_afterwards(tmp_path: Path) -> None:
    assert evaluate_hostile(write_backend(tmp_path / "ws", prelude=DAEMON)).startup.ok


def test_daemon_with_a_cleared_environment_is_gone_afterwards(tmp_path: Path) -> None:
    escape = (
        'subprocess.Popen(["env", "-i", "sh", "-c", "sleep 600"], start_new_session=True, stdout=subprocess.DEVNULL)'
    )
    assert evaluate_hostile(write_backend(tmp_path / "ws", prelude=escape)).startup.ok


def test_ignores_sigterm(tmp_path: Path) -> None:
    assert evaluate_hostile(
        write_backend(tmp_path / "ws", prelude="signal.signal(signal.SIGTERM, signal.SIG_IGN)")
    ).startup.ok


def test_three_hundred_forks_break_the_process_limit(tmp_path: Path) -> None:
    bomb = "if REQUESTS[0] == 1:\n" + "\n".join("    " + line for line in forking(300, "time.sleep(600)").splitlines())
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=bomb), max_processes=64)
    assert result.fault == "limit:processes", (result.fault, result.limit_violation)


def test_three_gib_in_one_process_breaks_the_memory_limit(tmp_path: Path) -> None:
    hog = "if REQUESTS[0] == 1:\n    hoard = bytearray(3 << 30); time.sleep(600)"
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=hog), memory_mb=512)
    assert result.fault == "limit:memory", (result.fault, result.limit_violation)


def test_six_processes_of_512_mib_break_the_memory_limit_together(tmp_path: Path) -> None:
    children = forking(6, "hoard = bytearray(512 << 20); time.sleep(600)")
    hog = (
        "if REQUESTS[0] == 1:\n" + "\n".join("    " + line for line in children.splitlines()) + "\n    time.sleep(600)"
    )
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=hog), memory_mb=1024)
    assert result.fault == "limit:memory", (result.fault, result.limit_violation)


def test_crash_in_the_middle_of_the_suite(tmp_path: Path) -> None:
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request="if REQUESTS[0] == 5:\n    os._exit(3)"))
    assert result.fault == "server_crash", (result.fault, result.fault_detail)


def test_port_handed_off_to_a_child_is_scored_and_stopped(tmp_path: Path) -> None:
    # The main process exits once its child listens: the child alone serves, then must go with the box.
    workspace = write_backend(tmp_path / "ws")
    (workspace / "run.sh").write_text("python3 app.py &\nsleep 1\nexit 0\n")
    result = evaluate_hostile(workspace)
    assert result.startup.ok and all(outcome.status == 200 for outcome in _requests(result))


def test_writes_outside_the_workspace_go_nowhere(tmp_path: Path) -> None:
    token = secrets.token_hex(6)
    targets = [Path("/var/tmp"), Path.home(), cache_root(), Path(os.environ.get("VIRTUAL_ENV") or "/usr/local")]
    paths = [str(folder / f"cagent-hostile-{token}") for folder in targets] + [f"/tmp/cagent-hostile-{token}"]
    write = "\n".join(f"try:\n    open({path!r}, 'w').write('owned')\nexcept OSError:\n    pass" for path in paths)
    result = evaluate_hostile(write_backend(tmp_path / "ws", prelude=write))
    assert result.startup.ok
    assert [path for path in paths if Path(path).exists()] == []


def test_reading_other_processes_environment_finds_no_key(tmp_path: Path) -> None:
    # A process of the harness's account holding a key in its environment, as the harness itself does.
    key = f"sk-planted-{secrets.token_hex(8)}"
    holder = subprocess.Popen(["sleep", "300"], env={"PATH": "/usr/bin:/bin", "OPENAI_API_KEY": key})
    try:
        scan = f"""
found = []
for pid in os.listdir("/proc"):
    for name in ("environ", "cmdline"):
        try:
            if {key!r}.encode() in open(f"/proc/{{pid}}/{{name}}", "rb").read():
                found.append(pid)
        except OSError:
            pass
print("FOUND" if found else "NOTHING", found, flush=True)
"""
        log = tmp_path / "server.log"
        result = evaluate_hostile(write_backend(tmp_path / "ws", prelude=scan), log=log)
    finally:
        holder.kill()
        holder.wait()
    assert result.startup.ok
    text = log.read_text()
    assert "NOTHING" in text and key not in text


def test_killing_its_parent_and_every_process_it_can_see(tmp_path: Path) -> None:
    kill = """
if REQUESTS[0] == 3:
    for target in (os.getppid(), 1, -1):  # its parent is outside the box (0 here), 1 is bwrap's, -1 all it may
        try:
            os.kill(target, signal.SIGKILL)
        except OSError:
            pass
"""
    result = evaluate_hostile(write_backend(tmp_path / "ws", on_request=kill))
    assert result.fault == "server_crash"


def test_killing_the_database_server_is_not_possible_from_the_box(tmp_path: Path, postgres) -> None:  # type: ignore[no-untyped-def]
    kill = """
import glob
for path in glob.glob("/dev/shm/cagent-pg-*/data/postmaster.pid") + glob.glob("/tmp/cagent-pg-*/data/postmaster.pid"):
    try:
        os.kill(int(open(path).readline()), signal.SIGKILL)
    except (OSError, ValueError):
        pass
subprocess.run(["pkill", "-9", "postgres"], check=False)
"""
    result = evaluate_hostile(write_backend(tmp_path / "ws", prelude=kill), postgres)
    assert result.startup.ok and result.fault != "infra"
    probe = postgres.create("probe")  # the server survived
    postgres.drop(probe)
