"""SQLite: a fresh file per evaluation in a private temporary directory."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from tools.databases.base import ProvisionedDatabase
from tools.databases.naming import fresh_name
from tools.procs.pids import pid_alive

PREFIX = "cagent-sqlite-"


def remove_stale_folders(root: Path | None = None) -> list[Path]:
    """Delete the folders of providers whose harness process died without closing them."""
    removed = []
    for folder in (root or Path(tempfile.gettempdir())).glob(f"{PREFIX}*"):
        pid = folder.name.removeprefix(PREFIX).split("-")[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


class SqliteProvider:
    kind = "sqlite"

    def __init__(self) -> None:
        remove_stale_folders()
        self._root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))

    def create(self, label: str = "eval") -> ProvisionedDatabase:
        started = time.perf_counter()
        name = fresh_name(label)
        folder = self._root / name
        folder.mkdir()
        path = folder / "app.db"
        return ProvisionedDatabase(
            kind="sqlite",
            name=name,
            url=f"sqlite:///{path}",
            env={"DATABASE_URL": f"sqlite:///{path}", "SQLITE_PATH": str(path)},
            admin_url=f"sqlite:///{path}",
            create_ms=(time.perf_counter() - started) * 1000,
        )

    def drop(self, database: ProvisionedDatabase) -> None:
        shutil.rmtree(self._root / database.name, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self._root, ignore_errors=True)
