"""The workspace as a git repository: a commit before the agent starts and one at the end."""

from __future__ import annotations

from pathlib import Path

import git

# Never part of a result: dependencies, caches and local database files.
EXCLUDED = (
    "node_modules/", ".venv/", "venv/", "__pycache__/", "*.pyc", "*.egg-info/", ".mypy_cache/", ".pytest_cache/",
    "dist/", "build/", "*.so", "*.db", "*.sqlite", "*.sqlite3", ".cagent/",
)  # fmt: skip
AUTHOR = ("cagent", "cagent@localhost")


def _repo(workspace: Path) -> git.Repo:
    try:
        return git.Repo(workspace)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        workspace.mkdir(parents=True, exist_ok=True)
        return git.Repo.init(workspace)


def _exclude_outputs(repo: git.Repo) -> None:
    exclude = Path(repo.git_dir) / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    present = exclude.read_text().splitlines() if exclude.exists() else []
    missing = [pattern for pattern in EXCLUDED if pattern not in present]
    if missing:
        exclude.write_text("\n".join([*present, *missing]) + "\n")


def commit_all(workspace: Path, message: str) -> str:
    """Stage everything (minus the exclusions) and commit, even when nothing changed; returns the sha."""
    repo = _repo(workspace)
    _exclude_outputs(repo)
    repo.git.add(A=True)
    # The identity is given per command, so a repository we work in keeps its own configuration.
    identity = ["-c", f"user.name={AUTHOR[0]}", "-c", f"user.email={AUTHOR[1]}"]
    repo.git.execute(["git", *identity, "commit", "--allow-empty", "--no-verify", "-q", "-m", message])
    return repo.head.commit.hexsha


def diff(workspace: Path, base: str, head: str = "HEAD") -> str:
    return git.Repo(workspace).git.diff(base, head)
