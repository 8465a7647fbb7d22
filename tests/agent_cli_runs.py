"""Running the `cagent` command line as a user does, and checking its one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def cagent(
    *args: str, cwd: Path = PROJECT, env: dict[str, str | None] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the CLI; `env` entries set to None are removed from the environment."""
    merged = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "evals", *args], capture_output=True, text=True, timeout=timeout, cwd=cwd,
        env={k: v for k, v in merged.items() if v is not None},
    )  # fmt: skip


def assert_one_line_error(done: subprocess.CompletedProcess[str], fragment: str) -> str:
    """Exit 2 and exactly one line on stderr, holding `fragment` (and no traceback anywhere); the line."""
    assert done.returncode == 2, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0], done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    return lines[0]


def path_without(program: str, folder: Path) -> str:
    """A PATH with every program of the current one except `program` (links in one new folder)."""
    links = folder / f"bin-without-{program}"
    links.mkdir()
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for entry in os.scandir(directory):
            target = links / entry.name
            if entry.name != program and not target.exists() and os.access(entry.path, os.X_OK):
                target.symlink_to(entry.path)
    return str(links)
