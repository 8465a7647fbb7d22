"""The `openhands` scaffold: the OpenHands CLI (pinned 1.16.0, Python 3.12 exactly), headless, no Docker.

    openhands --headless --json --override-with-envs -f TASK.md

with LLM_MODEL / LLM_API_KEY / LLM_BASE_URL, and its settings, conversations and work folder inside the
run folder. The CLI streams its events as JSON lines; they give the steps (actions) and how it
ended; cost and tokens come from the conversation's saved state. The CLI takes no step or cost
limit, so both are held here: past either, the process is stopped, as at the wall clock.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from evals.scaffolds.base import ExitStatus, ScaffoldOutcome, ScaffoldRequest, ScaffoldUnavailable
from evals.scaffolds.process import run_scaffold_process
from evals.scaffolds.progress import ProgressFile
from evals.scaffolds.venvs import ScaffoldPackage, require, venv_dir
from tools.isolation.mode import resolve_isolation

PACKAGE = ScaffoldPackage(
    name="openhands", requirement="openhands==1.16.0", version="1.16.0", python="3.12", executable="openhands"
)


# The last line of a Python traceback the CLI printed (rich wraps it; its first line is enough to name it).
_RAISED = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Failed)): .*")


class EventTally:
    """What the JSON event stream says so far: actions taken, cost and tokens, the last state seen."""

    def __init__(self) -> None:
        self.actions = 0
        self.cost_usd = 0.0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.finished = False
        self.error: str | None = None
        self.crash: str | None = None  # an exception the CLI printed outside its event stream

    def read(self, path: Path) -> EventTally:
        self.__init__()  # type: ignore[misc]  # recount from the start: the file only grows
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return self
        in_traceback = False
        for line in lines:
            line = line.strip()
            if not line.startswith("{"):
                in_traceback = in_traceback or "Traceback (most recent call last)" in line
                if in_traceback and (raised := _RAISED.match(line)):
                    self.crash, in_traceback = raised.group(0)[:300], False
                continue
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict):
                self._add(event)
        return self

    def _add(self, event: dict[str, Any]) -> None:
        kind = str(event.get("kind") or event.get("type") or "")
        if "Action" in kind:
            self.actions += 1
            if "Finish" in kind or (event.get("action") or {}).get("kind") == "FinishAction":
                self.finished = True
        if "Error" in kind:
            self.error = str(event.get("error") or event.get("message") or kind)[:300]
        for key, value in _walk(event):
            if key == "accumulated_cost" and isinstance(value, int | float):
                self.cost_usd = max(self.cost_usd, float(value))
            elif key == "prompt_tokens" and isinstance(value, int):
                self.prompt_tokens = max(self.prompt_tokens, value)
            elif key == "completion_tokens" and isinstance(value, int):
                self.completion_tokens = max(self.completion_tokens, value)


def read_state_metrics(persistence: Path) -> tuple[float, int, int] | None:
    """Cost and tokens from the conversation's saved state (`stats.usage_to_metrics`), summed over its LLMs."""
    totals: tuple[float, int, int] | None = None
    for state in persistence.glob("conversations/*/base_state.json"):
        try:
            usage = ((json.loads(state.read_text(encoding="utf-8")).get("stats") or {}).get("usage_to_metrics")) or {}
        except (OSError, ValueError):
            continue
        cost, prompt, completion = totals or (0.0, 0, 0)
        for metrics in usage.values():
            tokens = (metrics or {}).get("accumulated_token_usage") or {}
            cost += float((metrics or {}).get("accumulated_cost") or 0.0)
            prompt += int(tokens.get("prompt_tokens") or 0)
            completion += int(tokens.get("completion_tokens") or 0)
        totals = (cost, prompt, completion)
    return totals


def _walk(value: Any) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, child in item.items():
                found.append((key, child))
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)
    return found


class OpenHandsScaffold:
    name = "openhands"
    needs_model = True

    def run(self, request: ScaffoldRequest) -> ScaffoldOutcome:
        if not request.model:
            raise ScaffoldUnavailable("the openhands scaffold needs --model")
        openhands = require(PACKAGE)
        records = request.run_dir / "openhands"
        persistence = records / "persistence"
        persistence.mkdir(parents=True, exist_ok=True)
        task_file = records / "task.md"
        task_file.write_text(request.task.prompt, encoding="utf-8")
        env = {
            "LLM_MODEL": request.model, "LLM_API_KEY": request.api_key or "none",
            "OPENHANDS_PERSISTENCE_DIR": str(persistence), "PERSISTENCE_DIR": str(persistence),
            "OPENHANDS_CONVERSATIONS_DIR": str(persistence / "conversations"),
            "OPENHANDS_WORK_DIR": str(request.workspace), "OPENHANDS_SUPPRESS_BANNER": "1",
            "LITELLM_LOCAL_MODEL_COST_MAP": "True", "TERM": "dumb",
        }  # fmt: skip
        if request.api_base:
            env["LLM_BASE_URL"] = request.api_base
        log = records / "events.jsonl"
        progress = ProgressFile(request.run_dir / "progress.json")
        tally = EventTally()
        over: list[str] = []

        def poll() -> None:
            tally.read(log)
            if (saved := read_state_metrics(persistence)) is not None:
                tally.cost_usd, tally.prompt_tokens, tally.completion_tokens = saved
            progress.set(steps=tally.actions, cost_usd=tally.cost_usd)
            if tally.actions >= request.limits.steps or tally.cost_usd >= request.limits.cost_usd:
                over.append("step" if tally.actions >= request.limits.steps else "cost")
                raise _LimitReached

        argv = [str(openhands), "--headless", "--json", "--override-with-envs", "-f", str(task_file)]
        try:
            ran = run_scaffold_process(
                argv, cwd=request.workspace, env=env, records=records, readable=[venv_dir(PACKAGE)],
                wall_s=request.limits.wall_s, log=log, isolation=resolve_isolation(request.isolation), poll=poll,
            )  # fmt: skip
            timed_out, wall_s, code = ran.timed_out, ran.wall_s, ran.exit_code
        except _LimitReached:
            timed_out, wall_s, code = False, 0.0, None
        tally.read(log)
        if (saved := read_state_metrics(persistence)) is not None:  # the events stream carries no metrics
            tally.cost_usd, tally.prompt_tokens, tally.completion_tokens = saved
        status: ExitStatus
        if over or timed_out:
            status, raw = "limits", f"{over[0]} limit" if over else "wall clock"
        elif code == 0 and (tally.finished or (tally.error is None and tally.crash is None)):
            status, raw = "submitted", "finished" if tally.finished else "exited"  # errors it recovered from pass
        else:  # a crash of its own (a worker raising) still exits 0: without a finish, that is the run's end
            status, raw = "error", tally.error or tally.crash or f"exit code {code}"
        return ScaffoldOutcome(
            scaffold=self.name, status=status, raw_status=raw, reason=raw, steps=tally.actions,
            prompt_tokens=tally.prompt_tokens, completion_tokens=tally.completion_tokens, cost_usd=tally.cost_usd,
            wall_s=wall_s, trajectory=str(log), version=PACKAGE.version,
        )  # fmt: skip


class _LimitReached(KeyboardInterrupt):
    """Raised from the poll to stop the process (the same path as an interruption, which kills it)."""
