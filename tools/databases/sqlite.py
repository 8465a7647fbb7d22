"""SQLite: a fresh file per evaluation in a private temporary directory."""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from tools.databases.base import ProvisionedDatabase
from tools.databases.naming import fresh_name


class SqliteProvider:
    kind = "sqlite"

    def __init__(self) -> None:
        self._root = Path(tempfile.mkdtemp(prefix="cagent-sqlite-"))

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
