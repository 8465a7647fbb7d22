"""A content-addressed cache of built `node_modules`, so native modules compile once per manifest.

Dependencies such as sqlite3 or bcrypt compile from source when no prebuilt binary can be fetched, which
costs minutes per `npm install`. Two workspaces with the same package.json and package-lock.json, on the
same Node.js version and platform, get the same tree: the first install is saved under the digest of
those inputs, later ones copy it back instead of running npm.

Entries are copied (`cp --reflink=auto`: copy-on-write where the filesystem allows it), never
hard-linked: the app runs with its workspace writable (lent to the box's account), and a hard link would
let it change the cached files that every later evaluation gets. An entry is saved right after npm
finished, before the app ever starts, and becomes visible by one rename, so a reader never sees half of
one. `CAGENT_NODE_CACHE=0` turns the cache off (to measure real installs). A workspace whose own
package.json has install-time scripts (`postinstall`, `prepare`, ...) is never cached: those scripts
write into the workspace, not only into node_modules, and a restored tree would skip them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from tools.apps.cache import cache_root

# Part of the key: changing how trees are built or stored invalidates earlier entries.
RECIPE = b"npm-install-1"
KEEP_ENTRIES = 20
MANIFESTS = ("package.json", "package-lock.json")
# Scripts of the workspace's own package that `npm install` runs.
INSTALL_SCRIPTS = ("preinstall", "install", "postinstall", "preprepare", "prepare", "postprepare")


def enabled() -> bool:
    return os.environ.get("CAGENT_NODE_CACHE", "1") != "0"


def entries_root() -> Path:
    return cache_root() / "node_modules"


@functools.cache
def node_version() -> str | None:
    """`node --version` of the Node.js on PATH (what runs the app and the install scripts); None if absent."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(["node", "--version"], capture_output=True, text=True, timeout=30, check=True)
        return done.stdout.strip() or None
    return None


def cache_key(workspace: Path, node: str | None = None) -> str | None:
    """The digest of the manifest, the lock, the Node.js version and the platform; None without Node.js."""
    node = node or node_version()
    if node is None or not (workspace / "package.json").is_file() or _runs_own_scripts(workspace):
        return None
    digest = hashlib.sha256()
    for part in (
        *((workspace / name).read_bytes() if (workspace / name).is_file() else b"" for name in MANIFESTS),
        node.encode(), f"{sys.platform}-{platform.machine()}".encode(), RECIPE,
    ):  # fmt: skip
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:32]


def _runs_own_scripts(workspace: Path) -> bool:
    """Whether `npm install` runs scripts of the workspace's own package (an unreadable manifest: yes)."""
    try:
        scripts = json.loads((workspace / "package.json").read_text(encoding="utf-8")).get("scripts") or {}
    except (OSError, ValueError, AttributeError):
        return True
    return isinstance(scripts, dict) and any(name in scripts for name in INSTALL_SCRIPTS)


def _copy_tree(source: Path, target: Path) -> None:
    """Copy a tree keeping its symlinks (node_modules/.bin), copy-on-write where the filesystem can."""
    if shutil.which("cp"):
        subprocess.run(["cp", "-a", "--reflink=auto", str(source), str(target)], check=True, capture_output=True)
    else:
        shutil.copytree(source, target, symlinks=True)


def _entry(key: str) -> Path:
    return entries_root() / key


def restore(workspace: Path, key: str) -> bool:
    """Copy the entry of `key` into the workspace (replacing its node_modules); False when there is none."""
    entry = _entry(key)
    if not (entry / "node_modules").is_dir():
        return False
    modules = workspace / "node_modules"
    shutil.rmtree(modules, ignore_errors=True)
    try:
        _copy_tree(entry / "node_modules", modules)
        lock = entry / "package-lock.json"
        if lock.is_file():  # npm rewrites the lock as it installs: the workspace gets what npm would have left
            shutil.copyfile(lock, workspace / "package-lock.json")
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(modules, ignore_errors=True)  # half a tree is worse than none: npm installs afresh
        return False
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used, for pruning
    return True


def save(workspace: Path, key: str) -> bool:
    """Keep the workspace's freshly installed node_modules under `key`; False when it could not be saved.

    The entry is built beside its final place and renamed into it: a concurrent save of the same key
    simply loses the race, and a reader sees a whole entry or none.
    """
    modules = workspace / "node_modules"
    if not modules.is_dir():
        return False
    root = entries_root()
    root.mkdir(parents=True, exist_ok=True)
    building = root / f".building-{key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        building.mkdir()
        _copy_tree(modules, building / "node_modules")
        if (workspace / "package-lock.json").is_file():
            shutil.copyfile(workspace / "package-lock.json", building / "package-lock.json")
        os.rename(building, _entry(key))
    except (OSError, subprocess.CalledProcessError):
        return False
    finally:
        shutil.rmtree(building, ignore_errors=True)
    # npm wrote (or rewrote) the lock: a workspace holding that lock is the same install, under another key.
    after = cache_key(workspace)
    if after is not None and after != key:
        with contextlib.suppress(OSError):  # one already there (another evaluation's) is as good
            os.symlink(key, _entry(after))
    prune()
    return True


def prune(keep: int = KEEP_ENTRIES) -> list[Path]:
    """Delete all but the `keep` most recently used entries, and builds abandoned by a killed harness."""
    root = entries_root()
    if not root.is_dir():
        return []

    def last_used(path: Path) -> float:
        with contextlib.suppress(OSError):  # pruned by another evaluation meanwhile
            return path.stat().st_mtime
        return 0.0

    entries = [p for p in root.iterdir() if not p.name.startswith(".") and not p.is_symlink()]
    stale = sorted(entries, key=last_used, reverse=True)[keep:]
    stale += [p for p in root.glob(".building-*") if not _builder_alive(p)]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    for alias in (p for p in root.iterdir() if p.is_symlink() and not p.exists()):  # its entry is gone
        with contextlib.suppress(OSError):
            alias.unlink()
    return stale


def _builder_alive(building: Path) -> bool:
    try:
        pid = int(building.name.split("-")[-2])
    except (IndexError, ValueError):
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
