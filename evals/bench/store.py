"""The sweep's store: `runs.db` (SQLite), one row per run with the whole run document, written as each ends.

A row is `pending`, `running` (claimed by this or a killed sweep), `done`, `infra_error` (the machine or
the provider failed, not the model) or `stopped` (the cost cap or the user ended it). Every change is
one committed transaction (WAL, synchronous FULL), so `kill -9` loses nothing already written; on
`--resume` the `running` and `stopped` rows go back to pending and run again, and no row is ever
written twice, as the key is the primary key.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from evals.bench.matrix import PlannedRun

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    task TEXT NOT NULL, scaffold TEXT NOT NULL, model TEXT NOT NULL, config TEXT NOT NULL, trial INTEGER NOT NULL,
    kind TEXT NOT NULL, level INTEGER NOT NULL, framework TEXT NOT NULL, constraints TEXT NOT NULL,
    mitigations TEXT,
    status TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    started_at REAL, finished_at REAL,
    a_pct REAL, strict_a_pct REAL, passed INTEGER, exit_status TEXT, failure TEXT, infra_reason TEXT,
    prompt_tokens INTEGER, completion_tokens INTEGER, cost_usd REAL, wall_s REAL,
    spent_usd REAL NOT NULL DEFAULT 0,  -- over every attempt: a stopped run's money was spent too
    document TEXT
);
CREATE INDEX IF NOT EXISTS runs_status ON runs (status);
"""
STATUSES = ("pending", "running", "done", "infra_error", "stopped")


class RunStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=60)) as db:  # executescript commits on its own
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(_SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            db.commit()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with closing(sqlite3.connect(self.path, timeout=60, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.row_factory = sqlite3.Row
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def count(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def add(self, runs: list[PlannedRun]) -> int:
        """Insert the runs not in the store yet (pending); how many were new."""
        rows = [
            (r.key.id, r.key.task, r.key.scaffold, r.key.model, r.key.config, r.key.trial, r.task.kind, r.task.level,
             r.task.framework, json.dumps(r.task.constraint_names),
             r.mitigations.model_dump_json(by_alias=True) if r.mitigations else None)
            for r in runs
        ]  # fmt: skip
        with self._connect() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO runs (id, task, scaffold, model, config, trial, kind, level, framework,"
                " constraints, mitigations) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            return db.total_changes - before

    def requeue(self, *, infra: bool) -> int:
        """Unfinished runs (`running`, `stopped`) back to pending, and `infra_error` ones too when asked."""
        statuses = ["running", "stopped", *(["infra_error"] if infra else [])]
        marks = ",".join("?" * len(statuses))
        with self._connect() as db:
            return db.execute(f"UPDATE runs SET status='pending' WHERE status IN ({marks})", statuses).rowcount

    def pending(self, ids: set[str] | None = None) -> list[str]:
        with self._connect() as db:
            found = [row[0] for row in db.execute("SELECT id FROM runs WHERE status='pending' ORDER BY rowid")]
        return [i for i in found if ids is None or i in ids]

    def claim(self, run_id: str) -> None:
        with self._connect() as db:
            db.execute(
                "UPDATE runs SET status='running', attempts=attempts+1, started_at=? WHERE id=?", (time.time(), run_id)
            )

    def finish(self, run_id: str, status: str, document: dict[str, Any]) -> None:
        """Record a run's end with its document (the columns the reports read are copied out of it)."""
        summary = document.get("summary") or {}
        with self._connect() as db:
            db.execute(
                "UPDATE runs SET status=?, finished_at=?, a_pct=?, strict_a_pct=?, passed=?, exit_status=?, failure=?,"
                " infra_reason=?, prompt_tokens=?, completion_tokens=?, cost_usd=?, wall_s=?, document=?,"
                " spent_usd=spent_usd+? WHERE id=?",
                (status, time.time(), summary.get("a_pct"), summary.get("strict_a_pct"),
                 None if summary.get("pass") is None else int(bool(summary["pass"])), summary.get("exit_status"),
                 summary.get("failure"), document.get("infra_reason"), summary.get("prompt_tokens"),
                 summary.get("completion_tokens"), summary.get("cost_usd"), summary.get("wall_s"),
                 json.dumps(document), float(summary.get("cost_usd") or 0.0), run_id),
            )  # fmt: skip

    def statuses(self, ids: set[str] | None = None) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        with self._connect() as db:
            for run_id, status in db.execute("SELECT id, status FROM runs"):
                if ids is None or run_id in ids:
                    counts[status] = counts.get(status, 0) + 1
        return counts

    def spent(self) -> float:
        """Dollars spent by every attempt the store has recorded."""
        with self._connect() as db:
            return float(db.execute("SELECT COALESCE(SUM(spent_usd), 0) FROM runs").fetchone()[0])

    def rows(self) -> list[dict[str, Any]]:
        with self._connect() as db:
            return [dict(row) for row in db.execute("SELECT * FROM runs ORDER BY rowid")]
