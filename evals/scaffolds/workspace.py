"""A fresh workspace per run, and what a scaffold changed in it as a diff, whoever wrote it.

The diff leaves out dependencies, build output, virtualenvs, caches and local database files, as the
published harness does, so only source reaches the evaluation. git runs with no hooks, no external diff
and no text conversion: the repository's configuration is the scaffold's to write.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from agent.git_workspace import EXCLUDED, commit_all
from evals.tasks.model import BenchTask
from tools.isolation.mode import IsolationChoice

# Never seeded from a repository: its history, and what installing or running it left there.
_SEED_IGNORED = shutil.ignore_patterns(".git", "node_modules", ".venv", "__pycache__", "*.pyc", "*.db", "*.sqlite")
_GIT_SAFE = ["-c", "core.hooksPath=/dev/null", "-c", "core.fsmonitor=false", "-c", "diff.external="]


def _exclusions() -> list[str]:
    specs = []
    for pattern in EXCLUDED:
        folder = pattern.endswith("/")
        name = pattern.rstrip("/")
        specs.append(f":(exclude,glob)**/{name}/**" if folder else f":(exclude,glob)**/{name}")
    return specs


def prepare_workspace(task: BenchTask, workspace: Path, isolation: IsolationChoice) -> str:
    """An empty folder (greenfield), or the task's repository with its patch applied; committed. The base sha."""
    if workspace.exists():
        shutil.rmtree(workspace)
    workspace.mkdir(parents=True)
    if task.repo is not None:
        shutil.copytree(task.repo, workspace, dirs_exist_ok=True, ignore=_SEED_IGNORED)
    if task.patch:
        done = subprocess.run(
            ["git", "apply", "--whitespace=nowarn", "-"], input=task.patch, text=True, cwd=workspace,
            capture_output=True, timeout=120,
        )  # fmt: skip
        if done.returncode != 0:
            raise ValueError(f"the patch of {task.name} does not apply: {done.stderr.strip()[:300]}")
    return commit_all(workspace, "cagent bench: the task's starting point", isolation)


def _diff(workspace: Path, base: str, head: str, *flags: str) -> str:
    args = ["git", *_GIT_SAFE, "-c", f"safe.directory={workspace.resolve()}", "diff", "--no-ext-diff",
            "--no-textconv", *flags, base, head, "--", ".", *_exclusions()]  # fmt: skip
    return subprocess.run(args, cwd=workspace, capture_output=True, text=True, timeout=300, errors="replace").stdout


def collect_diff(workspace: Path, base: str, out: Path, isolation: IsolationChoice) -> tuple[list[str], int]:
    """Commit what the scaffold left and write the diff from `base` to `out`; (files changed, lines)."""
    head = commit_all(workspace, "cagent bench: the workspace after the scaffold", isolation)
    text = _diff(workspace, base, head, "--binary")
    out.write_text(text, encoding="utf-8")
    files = [line for line in _diff(workspace, base, head, "--name-only").splitlines() if line.strip()]
    lines = sum(1 for line in text.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---"))
    return files, lines
