"""What a box can see: a read-only system, the toolchains on PATH, the workspace, and nothing else.

The harness's own files (its checkout, virtualenv, caches, home, other workspaces, the database
server's socket directory in /dev/shm) are simply not mounted. Paths keep their host names inside the
box, so absolute paths in virtualenv scripts, error messages and logs mean the same on both sides.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pydantic import BaseModel, Field

# Mounted read-only when present. /etc holds no secret an unprivileged account could read anyway.
SYSTEM_DIRS = ("/usr", "/etc", "/opt", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# Toolchain managers that live in a home directory: their whole root is needed (pyenv's shims call
# its libexec), and holds no credentials.
TOOLCHAIN_ROOTS = (".pyenv", ".cargo", ".rustup", ".nvm", ".volta", ".bun", ".deno", ".asdf", ".local/share/uv")
PRIVATE_TMPFS = ("/tmp", "/var/tmp", "/dev/shm", "/run")


class BoxView(BaseModel):
    """The folders a box sees besides the system. All paths are absolute host paths."""

    workspace: Path
    writable: list[Path] = Field(default_factory=list, description="read-write besides the workspace")
    readable: list[Path] = Field(default_factory=list, description="read-only (a virtualenv, a cache)")


def _under_system(path: str) -> bool:
    return any(path == root or path.startswith(root + "/") for root in SYSTEM_DIRS)


def toolchain_paths(path_variable: str | None = None) -> list[Path]:
    """Interpreters and tools the harness's PATH and Python come from, outside the system folders."""
    found: list[Path] = []
    candidates = [*(path_variable or os.environ.get("PATH", "")).split(os.pathsep), sys.base_prefix]
    home = str(Path.home())
    for entry in candidates:
        if not entry or not os.path.isabs(entry) or _under_system(entry):
            continue
        real = os.path.realpath(entry)
        target = real
        if real.startswith(home + "/"):
            below = real[len(home) + 1 :]
            roots = [root for root in TOOLCHAIN_ROOTS if below == root or below.startswith(root + "/")]
            target = os.path.join(home, roots[0]) if roots else real
        if os.path.isdir(target) and not _under_system(target):
            found.append(Path(target))
    return _outermost(found)


def _outermost(paths: list[Path]) -> list[Path]:
    """Drop duplicates and paths inside another one of the list."""
    unique = sorted(set(paths), key=lambda p: len(p.parts))
    kept: list[Path] = []
    for path in unique:
        if not any(path == other or other in path.parents for other in kept):
            kept.append(path)
    return kept


def mount_arguments(view: BoxView, toolchains: list[Path]) -> list[str]:
    """bubblewrap arguments building the box's file system."""
    args: list[str] = []
    made: set[str] = {"/"}

    def parents_of(target: Path) -> None:
        # Folders bwrap creates on its own are not traversable by the sandbox account; make them 0755.
        for parent in reversed(target.parents):
            text = str(parent)
            if text not in made:
                args.extend(["--perms", "0755", "--dir", text])
                made.add(text)

    for root in SYSTEM_DIRS:
        if os.path.islink(root):
            args.extend(["--symlink", os.readlink(root), root])
        elif os.path.isdir(root):
            args.extend(["--ro-bind", root, root])
        made.add(root)
    args.extend(["--proc", "/proc", "--dev", "/dev"])
    made.update({"/proc", "/dev"})
    for folder in PRIVATE_TMPFS:
        parents_of(Path(folder))
        args.extend(["--perms", "1777", "--tmpfs", folder])
        made.add(folder)
    binds = [("--ro-bind", path) for path in toolchains]
    binds += [("--ro-bind", path) for path in view.readable]
    binds += [("--bind", view.workspace), *(("--bind", path) for path in view.writable)]
    # Outer folders first, so a read-only folder inside the workspace (node_modules) stays read-only.
    for flag, path in sorted(binds, key=lambda bind: len(bind[1].parts)):
        if not path.exists():
            continue
        parents_of(path)
        args.extend([flag, str(path), str(path)])
        made.add(str(path))
    return args
