"""Locating the PostgreSQL server binaries (initdb, postgres)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tools.databases.base import DatabaseUnavailable

INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, postgres) not found: install them "
    "(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15), "
    "or set CAGENT_PG_ADMIN_URL to an existing server, or use --db sqlite"
)


def find_bindir() -> Path:
    """The directory holding initdb and postgres: $CAGENT_PG_BINDIR, then PATH, then Debian's layout."""
    candidates: list[Path] = []
    if configured := os.environ.get("CAGENT_PG_BINDIR"):
        candidates.append(Path(configured))
    if found := shutil.which("initdb"):
        candidates.append(Path(found).resolve().parent)
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_major_version, reverse=True)
    candidates.extend(debian)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    raise DatabaseUnavailable(INSTALL_HINT)


def _major_version(bindir: Path) -> int:
    try:
        return int(bindir.parent.name)
    except ValueError:
        return 0
