"""The workspace as a git repository: a commit before the agent starts and one at the end.

git failing here is the machine's doing (no git, a full disk, a read-only directory): it is raised as
an EnvironmentFailure with git's own reason in one line.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

from tools.apps.environment import scrubbed_environment
from tools.environment_failure import EnvironmentFailure, write_failure
from tools.isolation.box import Box, BoxView
from tools.isolation.mode import IsolationChoice

# Without git on PATH GitPython refuses to be imported; let it import, and say so when a commit is due.
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
import git

# Never part of a result: dependencies, caches and local database files.
EXCLUDED = (
    "node_modules/", ".venv/", "venv/", "__pycache__/", "*.pyc", "*.egg-info/", ".mypy_cache/", ".pytest_cache/",
    "dist/", "build/", "*.so", "*.db", "*.sqlite", "*.sqlite3", ".cagent/",
)  # fmt: skip
AUTHOR = ("cagent", "cagent@localhost")
BEFORE_THE_AGENT = "cagent: workspace before the agent"
GIT_TIMEOUT_S = 600.0
NO_GIT = "git is not installed (no `git` on PATH); cagent keeps the workspace's history with it"


def _settings(workspace: Path) -> dict[str, str]:
    """Configuration for every git command we run in a workspace the agent's processes could write.

    The workspace is ours even when a killed run left it owned by the sandbox account (no "dubious
    ownership" refusal), and git runs no program the workspace names: no hooks, no fsmonitor.
    """
    pairs = [("safe.directory", str(workspace.resolve())), ("core.hooksPath", os.devnull), ("core.fsmonitor", "false")]
    variables = {"GIT_CONFIG_COUNT": str(len(pairs))}
    for index, (key, value) in enumerate(pairs):
        variables |= {f"GIT_CONFIG_KEY_{index}": key, f"GIT_CONFIG_VALUE_{index}": value}
    return variables


def _repo(workspace: Path) -> git.Repo:
    try:
        repo = git.Repo(workspace)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        workspace.mkdir(parents=True, exist_ok=True)
        repo = git.Repo.init(workspace)
    repo.git.update_environment(**_settings(workspace))
    return repo


def _exclude_outputs(repo: git.Repo) -> None:
    exclude = Path(repo.git_dir) / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    present = exclude.read_text().splitlines() if exclude.exists() else []
    missing = [pattern for pattern in EXCLUDED if pattern not in present]
    if missing:
        exclude.write_text("\n".join([*present, *missing]) + "\n")


def _git_reason(exc: git.GitCommandError) -> str:
    """The line of git's stderr that says what went wrong (`fatal: ... No space left on device`)."""
    text = str(exc.stderr or "").strip().removeprefix("stderr:").strip().strip("'")  # GitPython's framing
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    fatal = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (fatal or lines or [f"exit code {exc.status}"])[0]


def _remove_half_written_objects(workspace: Path) -> None:
    """git leaves the objects it was writing when the disk filled up; nothing else writes here meanwhile."""
    for leftover in (workspace / ".git" / "objects").glob("*/tmp_obj_*"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def commit_all(workspace: Path, message: str, isolation: IsolationChoice | None = None) -> str:
    """Stage everything (minus the exclusions) and commit, even when nothing changed; returns the sha.

    With a boxed isolation, `add` and `commit` run in a box as the sandbox account: the repository's
    configuration and .gitattributes are the agent's to write, and may name filter, signing or diff
    programs that git would otherwise run with the harness's rights.
    """
    # The identity is given per command, so a repository we work in keeps its own configuration.
    identity = ["-c", f"user.name={AUTHOR[0]}", "-c", f"user.email={AUTHOR[1]}", "-c", "commit.gpgSign=false"]
    commit = ["commit", "--allow-empty", "--no-verify", "-q", "-m", message]
    try:
        repo = _repo(workspace)
        _exclude_outputs(repo)
        if isolation is not None and isolation.boxed:
            _run_in_box(workspace, [["git", *identity, "add", "-A"], ["git", *identity, *commit]])
        else:
            repo.git.add(A=True)
            repo.git.execute(["git", *identity, *commit])
        return repo.head.commit.hexsha
    except git.GitCommandNotFound:
        raise EnvironmentFailure(NO_GIT) from None
    except git.GitCommandError as exc:
        _remove_half_written_objects(workspace)  # frees the space the records still need
        raise EnvironmentFailure(f"git could not commit {workspace}: {_git_reason(exc)}") from None
    except OSError as exc:
        raise write_failure(exc, workspace) from None


def _run_in_box(workspace: Path, commands: list[list[str]]) -> None:
    """Run git commands in a box over the workspace; a failure is raised as git's own would be."""
    env = {**scrubbed_environment(), **_settings(workspace)}
    with Box(BoxView(workspace=workspace), hostname="cagent-git") as box:
        for command in commands:
            process = box.popen(command, cwd=workspace, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                out, err = process.communicate(timeout=GIT_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
            if process.returncode == 127:  # the shell's "command not found"
                raise git.GitCommandNotFound(command, err.decode(errors="replace"))
            if process.returncode != 0:
                raise git.GitCommandError(command, process.returncode, err.decode(errors="replace"), out)


def base_commit_from_history(workspace: Path) -> str | None:
    """The most recent `before the agent` commit: the base of a run recorded without its base commit."""
    try:
        for commit in _repo(workspace).iter_commits():
            if str(commit.message).startswith(BEFORE_THE_AGENT):
                return commit.hexsha
    except (git.GitError, ValueError, OSError):
        return None
    return None


def diff(workspace: Path, base: str, head: str = "HEAD", *, binary: bool = False) -> str:
    """The diff from `base` to `head`; `binary` includes binary files, so that `git apply` can replay it."""
    # No external diff or text conversion programs: the repository's configuration is the agent's.
    flags = ["--no-ext-diff", "--no-textconv", *(["--binary"] if binary else [])]
    return _repo(workspace).git.diff(*flags, base, head, strip_newline_in_stdout=False)  # a patch ends in \n
