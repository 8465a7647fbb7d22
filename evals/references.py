"""The reference backends bundled with the harness (its fixtures, and the default thing to evaluate).

A reference is a folder of `reference/`. One that serves each database through its own driver keeps
its code once and the files that differ per driver (the manifest and lock, a driver module) under
`drivers/<variant>/`: `reference_path("express-clean-sequelize/sqlite")` is that code with the sqlite
files laid over it, assembled once into the cache (a task constrained to one database must not ship the
other one's driver, and two full copies of the same code would drift apart).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from pathlib import Path

from tools.apps.cache import cache_root

REFERENCE_ROOT = Path(__file__).resolve().parent / "reference"
DEFAULT_REFERENCE = "flask-clean-sqlalchemy"
DRIVERS = "drivers"
_SKIP = shutil.ignore_patterns("node_modules", "__pycache__", "*.pyc", ".venv", DRIVERS)


def reference_names() -> list[str]:
    """Every bundled reference, a variant per driver where it has drivers (`name/variant`)."""
    names = []
    for folder in sorted(p for p in REFERENCE_ROOT.iterdir() if p.is_dir()):
        drivers = folder / DRIVERS
        variants = sorted(p.name for p in drivers.iterdir() if p.is_dir()) if drivers.is_dir() else []
        names += [f"{folder.name}/{variant}" for variant in variants] or [folder.name]
    return names


def _files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.rglob("*")
        if p.is_file() and not {"node_modules", "__pycache__", ".venv"} & set(p.relative_to(folder).parts)
    )  # fmt: skip


def _digest(base: Path, overlay: Path) -> str:
    digest = hashlib.sha256()
    for root in (base, overlay):
        for path in _files(root):
            relative = path.relative_to(root)
            if root == base and relative.parts[0] == DRIVERS:
                continue
            digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _assembled(base: Path, variant: str) -> Path:
    """The base's code with `drivers/<variant>/` laid over it, built once per content and published by a rename."""
    overlay = base / DRIVERS / variant
    target = cache_root() / "references" / f"{base.name}-{variant}-{_digest(base, overlay)}"
    if target.is_dir():
        return target
    building = target.with_name(f".{target.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        shutil.copytree(base, building, ignore=_SKIP)
        shutil.copytree(overlay, building, dirs_exist_ok=True, ignore=_SKIP)
        os.rename(building, target)
    except OSError:
        if not target.is_dir():  # another process published the same content first: as good
            raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return target


def reference_path(name: str = DEFAULT_REFERENCE) -> Path:
    """The folder of a bundled reference (`flask-clean-sqlalchemy`, `fastify-plain-driver/sqlite`)."""
    base_name, _, variant = name.partition("/")
    base = REFERENCE_ROOT / base_name
    if not variant and base.is_dir() and not (base / DRIVERS).is_dir():
        return base
    if variant and (base / DRIVERS / variant).is_dir():
        return _assembled(base, variant)
    raise ValueError(f"no bundled reference backend {name!r} (known: {', '.join(reference_names())})")
