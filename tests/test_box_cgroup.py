"""A box's cgroup: the kernel stops a fast allocation at the limit, and shared pages count once."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.interpreters import PYTHON
from tools.isolation.box import Box, BoxView
from tools.isolation.cgroup import create_cgroup
from tools.isolation.limits import BoxLimits


@pytest.fixture
def cgroups() -> None:
    probe = create_cgroup(64, 64)
    if probe is None:
        pytest.skip("this machine lets cagent make no cgroup: limits are enforced by polling only")
    probe.remove()


def _run(box: Box, workspace: Path, code: str) -> int:
    process = box.popen([PYTHON, "-c", code], cwd=workspace, env={"PATH": "/usr/bin:/bin"})
    return process.wait(timeout=120)


def test_a_sudden_allocation_is_stopped_at_the_limit(tmp_path: Path, cgroups: None, isolation_required) -> None:  # type: ignore[no-untyped-def]
    with Box(BoxView(workspace=tmp_path), limits=BoxLimits(memory_mb=128)) as box:
        assert box.cgroup is not None
        code = _run(box, tmp_path, "b = bytearray(1 << 30)")  # 1 GiB at once, faster than any poll
        assert code == -9
        violation = box.violation()
        assert violation is not None and violation["kind"] == "memory"


def test_pages_shared_by_forked_children_count_once(tmp_path: Path, cgroups: None, isolation_required) -> None:  # type: ignore[no-untyped-def]
    # 20 children of a parent holding 64 MiB: summed RSS says 1.3 GiB, the real use is ~70 MiB.
    forker = """
import os, time
hoard = bytearray(64 << 20)
for _ in range(20):
    if os.fork() == 0:
        time.sleep(1.5)
        os._exit(0)
for _ in range(20):
    os.wait()
"""
    with Box(BoxView(workspace=tmp_path), limits=BoxLimits(memory_mb=512, max_processes=64)) as box:
        started = time.monotonic()
        assert _run(box, tmp_path, forker) == 0
        assert box.violation() is None and box.alive(), f"killed after {time.monotonic() - started:.1f} s"
