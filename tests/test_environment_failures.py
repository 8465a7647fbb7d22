"""The machine failing a run: a full disk, an unwritable run directory, no git on PATH.

Each ends in one line on stderr and exit 2, no traceback, no half-written file; the trajectory is closed
with status `error` and the reason whenever the filesystem still lets it be written. Full and read-only
disks are real tmpfs mounts (root here and on CI); where mounting is not permitted those tests skip.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.trajectory import load_trajectory
from tests.agent_cli_runs import assert_one_line_error, cagent, path_without
from tests.agent_scripts import bash, call, turn, write_script

# Fills the disk to leave 64 KiB: the run's records still fit, a commit of the random blob does not.
LEAVE_64K = (
    "python3 -c \"import os; s = os.statvfs('.'); "
    "open('blob.bin', 'wb').write(os.urandom(s.f_bavail * s.f_frsize - 65536))\""
)


def _solve(tmp_path: Path, script: Path, workdir: Path, *extra: str, env: dict[str, str | None] | None = None):  # type: ignore[no-untyped-def]
    task = tmp_path / "task.md"
    task.write_text("Do the scripted steps.")
    return cagent("solve", "--task-file", str(task), "--model", f"scripted:{script}", "--workdir", str(workdir),
                  "--quiet", *extra, env=env)  # fmt: skip


def _leftovers(folder: Path) -> list[str]:
    """Half-written files: our `*.tmp` and git's `tmp_obj_*`."""
    return sorted(str(p) for pattern in ("*.tmp", "tmp_obj_*") for p in folder.rglob(pattern))


def _mount(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
                              capture_output=True, text=True, timeout=30)  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here ({exc})")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {' '.join(done.stderr.split()) or done.returncode}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 300 KiB filesystem."""
    yield from _mount(tmp_path / "small", "size=300k")


@pytest.fixture
def read_only_disk(tmp_path: Path) -> Iterator[Path]:
    yield from _mount(tmp_path / "ro", "ro,size=64k")


@pytest.fixture
def path_without_git(tmp_path: Path) -> str:
    return path_without("git", tmp_path)


def test_full_disk_at_the_final_commit_closes_the_records_with_the_reason(tmp_path: Path, small_disk: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash(LEAVE_64K)), turn(call("submit"))])
    workdir = small_disk / "run"
    line = assert_one_line_error(_solve(tmp_path, script, workdir), "No space left on device")
    assert "git could not commit" in line
    trajectory = load_trajectory(workdir / "trajectory.json")
    assert trajectory.status == "error" and trajectory.exit is not None
    assert (
        "No space left on device" in trajectory.exit.reason
        and "after the run ended: submitted" in trajectory.exit.reason
    )
    result = json.loads((workdir / "result.json").read_text())
    assert result["status"] == "error" and result["reason"] == trajectory.exit.reason
    assert result["final_commit"] is None and result["base_commit"] == trajectory.base_commit and result["steps"] == 2
    assert _leftovers(small_disk) == []


def test_disk_filled_during_the_run_is_one_line_and_leaves_the_last_record_whole(
    tmp_path: Path, small_disk: Path
) -> None:
    # The agent's own command fills the disk: the record of its step can no longer be written.
    script = write_script(tmp_path / "s.jsonl", [turn(bash("cat /dev/zero > fill.bin")), turn(call("submit"))])
    workdir = small_disk / "run"
    assert_one_line_error(_solve(tmp_path, script, workdir), f"cannot write {workdir / 'trajectory.json'}: No space")
    assert load_trajectory(workdir / "trajectory.json").steps == []  # the previous version, whole
    assert _leftovers(small_disk) == []


def test_read_only_workdir_is_one_line(tmp_path: Path, read_only_disk: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(call("submit"))])
    done = _solve(tmp_path, script, read_only_disk / "run")
    assert_one_line_error(done, "Read-only file system")


def test_workdir_that_cannot_be_a_directory_is_one_line(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(call("submit"))])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert_one_line_error(_solve(tmp_path, script, blocker / "run"), "Not a directory")
    assert blocker.read_text() == "not a folder"


def test_run_task_with_an_unwritable_trajectory_dir_is_one_line(tmp_path: Path) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("echo hi > hi.txt")), turn(call("submit"))])
    workspace, blocker = tmp_path / "repo", tmp_path / "a-file"
    workspace.mkdir()
    blocker.write_text("not a folder")
    env: dict[str, str | None] = {"PROMPT": "x", "LLM_MODEL": f"scripted:{script}", "TRAJECTORY_DIR": str(blocker)}
    done = cagent("run-task", cwd=workspace, env=env)
    assert_one_line_error(done, f"cannot write {blocker / 'trajectory.json'}: {blocker} is not a directory")
    assert not (workspace / "hi.txt").exists(), "no step runs when its record cannot be kept"


def test_missing_git_is_one_line_and_recorded(tmp_path: Path, path_without_git: str) -> None:
    script = write_script(tmp_path / "s.jsonl", [turn(bash("echo one > one.txt")), turn(call("submit"))])
    no_git = {"PATH": path_without_git, "GIT_PYTHON_GIT_EXECUTABLE": None}
    fresh = tmp_path / "fresh"
    assert_one_line_error(_solve(tmp_path, script, fresh, env=no_git), "git is not installed")
    trajectory = load_trajectory(fresh / "trajectory.json")
    assert trajectory.status == "error" and trajectory.exit and "git is not installed" in trajectory.exit.reason
    assert json.loads((fresh / "result.json").read_text())["status"] == "error"
    assert _leftovers(fresh) == []
    # A run with a step recorded, resumed without git: the record is closed, not lost, and resumes later.
    run = tmp_path / "run"
    assert _solve(tmp_path, script, run, "--steps", "1").returncode == 0
    assert_one_line_error(_solve(tmp_path, script, run, "--resume", env=no_git), "git is not installed")
    closed = load_trajectory(run / "trajectory.json")
    assert closed.status == "error" and len(closed.steps) == 1
    done = _solve(tmp_path, script, run, "--resume")
    assert done.returncode == 0, done.stderr
    finished = load_trajectory(run / "trajectory.json")
    assert finished.status == "submitted" and [s.index for s in finished.steps] == [1, 2]
