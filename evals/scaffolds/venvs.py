"""Each external scaffold in a virtualenv of its own, made with uv: `cagent scaffolds install NAME`.

They live in $CAGENT_CACHE_DIR/scaffolds/<name>-<version> (default ~/.cache/cagent), each with the
interpreter its package needs (mini-swe-agent: this Python; the OpenHands CLI: exactly 3.12).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from pydantic import BaseModel

from evals.scaffolds.base import ScaffoldUnavailable
from tools.apps.cache import cache_root

MARKER = "cagent-installed.json"
INSTALL_TIMEOUT_S = 1800


class ScaffoldPackage(BaseModel):
    name: str  # the scaffold's name in cagent
    requirement: str  # what uv installs
    version: str
    python: str  # "current", or an exact minor version such as "3.12"
    executable: str  # the console script that runs it


def venv_dir(package: ScaffoldPackage) -> Path:
    return cache_root() / "scaffolds" / f"{package.name}-{package.version}"


def installed(package: ScaffoldPackage) -> Path | None:
    """The scaffold's console script when its virtualenv is complete, else None."""
    folder = venv_dir(package)
    script = folder / "bin" / package.executable
    return script if (folder / MARKER).is_file() and script.is_file() else None


def find_python(version: str) -> Path | None:
    """An interpreter of exactly `version` (3.12): on PATH, under pyenv, or one uv manages."""
    if version == "current":
        return Path(sys.executable)
    pyenv = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    pyenv_builds = sorted(glob.glob(f"{pyenv}/versions/{version}.*/bin/python{version}"))
    candidates = [shutil.which(f"python{version}"), *pyenv_builds]
    for candidate in candidates:
        if candidate and _version_of(candidate) == version:
            return Path(candidate)
    found = subprocess.run([_uv(), "python", "find", version], capture_output=True, text=True, timeout=60)
    path = found.stdout.strip()
    return Path(path) if found.returncode == 0 and path and _version_of(path) == version else None


def _version_of(python: str) -> str | None:
    try:
        done = subprocess.run([python, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True, timeout=30)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _uv() -> str:
    from uv import find_uv_bin

    return find_uv_bin()


def install(package: ScaffoldPackage) -> Path:
    """Make (or remake) the scaffold's virtualenv; its console script. ScaffoldUnavailable says why not."""
    python = find_python(package.python)
    if python is None:
        raise ScaffoldUnavailable(
            f"{package.name} needs Python {package.python} exactly and none was found "
            f"(on PATH, under pyenv, or through `uv python find {package.python}`)"
        )
    folder = venv_dir(package)
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    steps = [
        [_uv(), "venv", "-q", "--python", str(python), str(folder)],
        [_uv(), "pip", "install", "-q", "--python", str(folder / "bin" / "python"), package.requirement],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S)
        if done.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
            raise ScaffoldUnavailable(f"installing {package.requirement} failed: {last}")
    (folder / MARKER).write_text(json.dumps(package.model_dump()))
    script = folder / "bin" / package.executable
    if not script.is_file():
        raise ScaffoldUnavailable(f"{package.requirement} installed no `{package.executable}` command")
    return script


def require(package: ScaffoldPackage) -> Path:
    script = installed(package)
    if script is None:
        raise ScaffoldUnavailable(f"{package.name} is not installed: run `cagent scaffolds install {package.name}`")
    return script
