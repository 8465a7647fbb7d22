"""What a sweep shows while it runs: a rich live line on a terminal, plain lines otherwise (logs, CI)."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


class SweepView:
    def __init__(self, console: Console, total: int, already_done: int) -> None:
        self.console, self.total, self.done, self.failed, self.infra = console, total, already_done, 0, 0
        self.started = time.monotonic()
        self.finished_here = 0
        self.live = console.is_terminal
        self._progress: Progress | None = None
        self._bar: Any = None

    def __enter__(self) -> SweepView:
        if self.live:
            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                console=self.console, transient=False,
            )  # fmt: skip
            self._progress.start()
            self._bar = self._progress.add_task("sweep", total=self.total, completed=self.done)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _eta(self, running: int, workers: int) -> str:
        left = self.total - self.done
        if not self.finished_here or left <= 0:
            return "?" if left > 0 else "0 s"
        per_run = (time.monotonic() - self.started) / self.finished_here
        seconds = per_run * left if running else per_run * left / max(workers, 1)
        return f"{seconds / 60:.1f} min" if seconds >= 90 else f"{seconds:.0f} s"

    def status(self, running: int, workers: int, spent: float) -> str:
        return (f"{self.done}/{self.total} done, {running} running, {self.failed} failed, {self.infra} infra, "
                f"${spent:.2f} spent, ~{self._eta(running, workers)} left")  # fmt: skip

    def finished(self, document: dict[str, Any], running: int, workers: int, spent: float) -> None:
        self.done += 1
        self.finished_here += 1
        summary = document.get("summary") or {}
        status = document.get("status")
        if status == "infra_error":
            self.infra += 1
        elif not summary.get("pass"):
            self.failed += 1
        key = document["key"]
        what = f"{key['task']} {key['scaffold']} {key['model']} {key['config']} #{key['trial']}"
        if status == "done":
            score = f"A% {summary.get('a_pct')} strict {summary.get('strict_a_pct')}"
        else:
            score = f"{status}: {document.get('infra_reason') or ''}"[:120]
        line = f"[{self.done}/{self.total}] {what}: {score}"
        if self._progress is not None:
            self._progress.console.print(line, highlight=False, markup=False)
            self._progress.update(self._bar, completed=self.done, description=self.status(running, workers, spent))
        else:
            self.console.print(f"{line}  ({self.status(running, workers, spent)})", highlight=False, markup=False,
                               soft_wrap=True)  # fmt: skip

    def note(self, text: str) -> None:
        (self._progress.console if self._progress else self.console).print(text, highlight=False, soft_wrap=True)
