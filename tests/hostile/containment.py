"""Evaluating a hostile backend in a box, and checking that nothing of it is left afterwards."""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from evals.results import EvalResult
from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tools.apps import AppLimits
from tools.databases import DatabaseProvider
from tools.isolation.box import processes_left_in_boxes
from tools.isolation.mode import resolve_isolation
from tools.procs.ports import port_accepts


def _boxed_processes() -> set[int]:
    """Live processes in any box this process started (namespace membership: nothing escapes it)."""
    return set(processes_left_in_boxes())


def wait_for(condition: Callable[[], bool], budget_s: float = 120.0) -> None:
    """Poll `condition` until it holds; fail after a budget generous enough for a loaded machine."""
    deadline = time.monotonic() + budget_s
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def _scratch_folders() -> set[str]:
    """Scratch folders of this process's evaluations and boxes: a new one after a test is a leak."""
    root = Path(tempfile.gettempdir())
    return {path.name for prefix in ("cagent-eval-", "cagent-box-") for path in root.glob(f"{prefix}{os.getpid()}-*")}


@dataclass
class Leftovers:
    processes: set[int] = field(default_factory=set)
    scratch: set[str] = field(default_factory=set)

    @classmethod
    def now(cls) -> Leftovers:
        return cls(processes=_boxed_processes(), scratch=_scratch_folders())


def evaluate_hostile(
    workspace: Path,
    provider: DatabaseProvider | None = None,
    *,
    suite: str = "postman-v1",
    log: Path | None = None,
    **limits: float,
) -> EvalResult:
    """Score `workspace` in a box with short limits; assert that no process, port or scratch folder remains."""
    before = Leftovers.now()
    options = EvalOptions(
        limits=AppLimits(startup_s=limits.pop("startup_s", 30.0), stop_grace_s=1.0, **limits),
        request_timeout_s=2.0,
        isolation=resolve_isolation("bwrap"),
        keep_log=log,
    )
    result = evaluate(workspace, [load_suite(suite)], provider, options)
    after = Leftovers.now()
    assert after.processes == set(), "a process of the app outlived its evaluation"
    assert after.scratch - before.scratch == set(), "a scratch folder outlived its evaluation"
    if result.startup.port:
        assert not port_accepts(result.startup.port), "the app's port still accepts connections"
    assert result.isolation == "bwrap"
    return result
