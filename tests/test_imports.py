"""Every module of the project imports on its own, in a fresh interpreter: no import circles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SCRIPT = PROJECT / "tests" / "import_alone.py"
PACKAGES = ["agent", "evals", "planners", "tools", "retrieval", "prompts"]


def import_alone(root: Path, *packages: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(root), *packages],
        capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_every_module_imports_alone() -> None:
    done = import_alone(PROJECT, *PACKAGES)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_a_circle_is_reported(tmp_path: Path) -> None:
    package = tmp_path / "circle"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "first.py").write_text("from circle.second import SECOND\n\nFIRST = 1\n")
    (package / "second.py").write_text("from circle.first import FIRST\n\nSECOND = FIRST + 1\n")
    (package / "leaf.py").write_text("LEAF = 0\n")
    done = import_alone(tmp_path, "circle")
    assert done.returncode == 1
    failures = sorted(line.split(":")[0] for line in done.stdout.splitlines())
    assert failures == ["circle.first", "circle.second"]
    assert "partially initialized module" in done.stdout
