"""Installing a workspace's dependencies: a virtualenv per workspace over a shared uv cache, or npm."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

from pydantic import BaseModel, Field

from tools.apps import node_cache
from tools.apps.cache import cache_root
from tools.apps.environment import MARKER_NAME, new_marker, scrubbed_environment
from tools.apps.interpreter import AppPython, InterpreterError, choose_python
from tools.apps.procinfo import marked_pids
from tools.apps.workspace import Language

STAMP = ".cagent-install-stamp"
# Part of the stamp: changing how we install invalidates earlier virtualenvs.
INSTALL_RECIPE = b"uv-compile-bytecode-1"


class InstallReport(BaseModel):
    ok: bool
    seconds: float
    skipped: bool = False
    command: str = ""
    log_tail: str = ""
    # Environment the app must run with (PATH with the virtualenv first, VIRTUAL_ENV).
    env: dict[str, str] = Field(default_factory=dict)
    # The interpreter a Python app's virtualenv was built with (tools.apps.interpreter).
    python: AppPython | None = None
    # node_modules from the content-addressed cache (tools.apps.node_cache): "hit", "miss" (saved), or None.
    cache: str | None = None


def _digest(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def _install_environment(extra: dict[str, str]) -> dict[str, str]:
    """Install scripts (npm postinstall, build backends) are untrusted code too: no credentials, and a
    marker so that whatever they leave running is found and killed like the app's own processes."""
    return {**scrubbed_environment(), **extra, MARKER_NAME: new_marker()}


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout_s: float) -> tuple[bool, str]:
    with subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    ) as process:
        try:
            output, _ = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            output = f"timed out after {timeout_s:.0f} s: {' '.join(command)}"
        finally:
            # The whole session, and anything that escaped it, goes: a build step may have forked.
            with contextlib.suppress(OSError):
                os.killpg(process.pid, signal.SIGKILL)
            for pid in marked_pids(f"{MARKER_NAME}={env[MARKER_NAME]}"):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            process.wait()
    return process.returncode == 0, (output or "").strip()[-4000:]


KEEP_VIRTUALENVS = 40


def prune_virtualenvs(keep: int = KEEP_VIRTUALENVS) -> list[Path]:
    """Delete all but the `keep` most recently used workspace virtualenvs (the package cache stays)."""
    root = cache_root() / "venvs"
    if not root.is_dir():
        return []

    def last_used(venv: Path) -> float:
        # Another evaluation may be pruning at the same moment: a virtualenv gone meanwhile is simply old.
        for path in (venv / STAMP, venv):
            with contextlib.suppress(OSError):
                return path.stat().st_mtime
        return 0.0

    stale = sorted((p for p in root.iterdir() if p.is_dir()), key=last_used, reverse=True)[keep:]
    for venv in stale:
        shutil.rmtree(venv, ignore_errors=True)
    return stale


def venv_dir(workspace: Path) -> Path:
    key = _digest(str(workspace.resolve()).encode())
    return cache_root() / "venvs" / key


def install_python(workspace: Path, timeout_s: float, python: str | None = None) -> InstallReport:
    """Create (or reuse) the workspace's virtualenv with the interpreter `choose_python` picks (`python`:
    the user's --python) and install requirements.txt into it with uv."""
    import uv

    started = time.perf_counter()
    try:
        chosen = choose_python(workspace, python)
    except InterpreterError as exc:
        return InstallReport(ok=False, seconds=time.perf_counter() - started, command="uv venv", log_tail=str(exc))
    venv = venv_dir(workspace)
    requirements = workspace / "requirements.txt"
    stamp_value = _digest(_read(requirements), f"{chosen.executable} {chosen.version}".encode(), INSTALL_RECIPE)
    env_out = {"VIRTUAL_ENV": str(venv), "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    stamp = venv / STAMP
    if stamp.is_file() and stamp.read_text() == stamp_value and (venv / "bin" / "python").exists():
        stamp.touch()  # marks the virtualenv as recently used, for pruning
        return InstallReport(ok=True, seconds=time.perf_counter() - started, skipped=True, env=env_out, python=chosen)
    prune_virtualenvs(keep=KEEP_VIRTUALENVS - 1)
    uv_bin = uv.find_uv_bin()
    env = _install_environment({"UV_CACHE_DIR": str(cache_root() / "uv"), "UV_NO_PROGRESS": "1"})
    ok, log = _run(
        [uv_bin, "venv", "--seed", "--clear", "--python", chosen.executable, str(venv)], workspace, env, timeout_s
    )
    command = "uv venv"
    if ok and requirements.is_file():
        command = "uv pip install -r requirements.txt"
        python_bin = str(venv / "bin" / "python")
        ok, log = _run(
            [uv_bin, "pip", "install", "--compile-bytecode", "--python", python_bin, "-r", str(requirements)],
            workspace,
            env,
            timeout_s,
        )
    if ok:
        stamp.write_text(stamp_value)
    return InstallReport(
        ok=ok, seconds=time.perf_counter() - started, command=command, log_tail=log, env=env_out, python=chosen
    )


def install_node(workspace: Path, timeout_s: float) -> InstallReport:
    """`npm install` over a shared npm cache, skipped when package.json and the lock are unchanged."""
    started = time.perf_counter()
    modules = workspace / "node_modules"

    def manifest_digest() -> str:
        return _digest(_read(workspace / "package.json"), _read(workspace / "package-lock.json"))

    stamp_value = manifest_digest()
    stamp = modules / STAMP
    env_out = {"PATH": f"{modules / '.bin'}{os.pathsep}{os.environ.get('PATH', '')}"}
    if stamp.is_file() and stamp.read_text() == stamp_value:
        return InstallReport(ok=True, seconds=time.perf_counter() - started, skipped=True, env=env_out)
    key = node_cache.cache_key(workspace) if node_cache.enabled() else None
    if key is not None and node_cache.restore(workspace, key):
        seconds = time.perf_counter() - started
        return InstallReport(ok=True, seconds=seconds, command="node_modules cache", cache="hit", env=env_out)
    command = [
        "npm",
        "install",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--cache",
        str(cache_root() / "npm"),
    ]
    ok, log = _run(command, workspace, _install_environment({}), timeout_s)
    if ok:
        modules.mkdir(exist_ok=True)
        # npm writes (or rewrites) package-lock.json: stamp what the next run will find.
        stamp.write_text(manifest_digest())
        if key is not None:  # before the app ever runs: what is saved is what npm built
            node_cache.save(workspace, key)
    return InstallReport(
        ok=ok, seconds=time.perf_counter() - started, command="npm install", log_tail=log, env=env_out,
        cache="miss" if key is not None else None,
    )  # fmt: skip


def install_dependencies(
    workspace: Path, language: Language, timeout_s: float, python: str | None = None
) -> InstallReport:
    if language == "python":
        return install_python(workspace, timeout_s, python)
    if language == "node":
        return install_node(workspace, timeout_s)
    return InstallReport(ok=True, seconds=0.0, skipped=True)
