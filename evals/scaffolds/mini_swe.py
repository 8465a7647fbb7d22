"""The `mini-swe-agent` scaffold (pinned 2.4.6), headless in its own virtualenv.

    MSWEA_CONFIGURED=true mini -c mini.yaml -c <ours> -m MODEL -t TASK -y --exit-immediately -o TRAJ

Our config file adds the limits (step_limit, cost_limit, wall_time_limit_seconds), the workspace as the
environment's cwd, and the model's endpoint. mini exits 0 whatever happened, so how it ended is read
from its trajectory (`info.exit_status`), with its cost (`info.model_stats`) and the token usage of
each response it recorded.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from evals.scaffolds.base import ExitStatus, ScaffoldOutcome, ScaffoldRequest, ScaffoldUnavailable
from evals.scaffolds.process import run_scaffold_process
from evals.scaffolds.progress import ProgressFile
from evals.scaffolds.venvs import ScaffoldPackage, require, venv_dir
from tools.isolation.mode import resolve_isolation

PACKAGE = ScaffoldPackage(
    name="mini-swe-agent", requirement="mini-swe-agent==2.4.6", version="2.4.6", python="current", executable="mini"
)
SYSTEM = "You are a helpful assistant that can interact with a computer."  # mini.yaml's system prompt
COMMAND_TIMEOUT_S = 300  # one shell command of the agent
_STATUS: dict[str, ExitStatus] = {"Submitted": "submitted", "LimitsExceeded": "limits", "TimeExceeded": "limits"}
# Exceptions of the model client that mean the provider, not the model, failed.
_INFRA = ("RateLimitError", "InternalServerError", "ServiceUnavailableError", "APIConnectionError", "Timeout",
          "BadGatewayError", "APIError")  # fmt: skip


def read_trajectory(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def usage_of(trajectory: dict[str, Any]) -> tuple[int, int]:
    """Prompt and completion tokens over every response mini recorded."""
    prompt = completion = 0
    for message in trajectory.get("messages") or []:
        usage = (((message or {}).get("extra") or {}).get("response") or {}).get("usage") or {}
        prompt += int(usage.get("prompt_tokens") or 0)
        completion += int(usage.get("completion_tokens") or 0)
    return prompt, completion


def _config(request: ScaffoldRequest) -> dict[str, Any]:
    model_kwargs: dict[str, Any] = {"drop_params": True}
    if request.api_base:
        model_kwargs["api_base"] = request.api_base
    if request.api_key:
        model_kwargs["api_key"] = request.api_key
    agent: dict[str, Any] = {
        "step_limit": request.limits.steps,
        "cost_limit": request.limits.cost_usd,
        "wall_time_limit_seconds": int(request.limits.wall_s),
    }
    if request.task.system_guidance:
        agent["system_template"] = f"{SYSTEM}\n\n{request.task.system_guidance}"
    return {
        "agent": agent,
        "environment": {"cwd": str(request.workspace), "timeout": COMMAND_TIMEOUT_S},
        "model": {"model_kwargs": model_kwargs, "cost_tracking": "ignore_errors"},
    }


class MiniSweAgentScaffold:
    name = "mini-swe-agent"
    needs_model = True

    def run(self, request: ScaffoldRequest) -> ScaffoldOutcome:
        if not request.model:
            raise ScaffoldUnavailable("the mini-swe-agent scaffold needs --model")
        mini = require(PACKAGE)
        records = request.run_dir / "mini"
        records.mkdir(parents=True, exist_ok=True)
        ours = records / "cagent.yaml"
        ours.write_text(yaml.safe_dump(_config(request)))
        trajectory_path = records / "trajectory.json"
        argv = [str(mini), "-c", "mini.yaml", "-c", str(ours), "-m", request.model, "-t", request.task.prompt,
                "-y", "--exit-immediately", "-o", str(trajectory_path)]  # fmt: skip
        env = {"MSWEA_CONFIGURED": "true", "MSWEA_SILENT_STARTUP": "1", "MSWEA_GLOBAL_CONFIG_DIR": str(records),
               "MSWEA_COST_TRACKING": "ignore_errors", "PAGER": "cat", "TERM": "dumb"}  # fmt: skip
        if request.api_key:
            env["OPENAI_API_KEY"] = request.api_key
        progress = ProgressFile(request.run_dir / "progress.json")

        def poll() -> None:
            data = read_trajectory(trajectory_path)
            if data is not None:
                stats = (data.get("info") or {}).get("model_stats") or {}
                progress.set(steps=int(stats.get("api_calls") or 0), cost_usd=float(stats.get("instance_cost") or 0.0))

        ran = run_scaffold_process(
            argv, cwd=request.workspace, env=env, records=records, readable=[venv_dir(PACKAGE)],
            wall_s=request.limits.wall_s + 60, log=records / "mini.log", isolation=resolve_isolation(request.isolation),
            poll=poll,
        )  # fmt: skip
        return self._outcome(trajectory_path, records / "mini.log", ran.timed_out, ran.wall_s)

    def _outcome(self, path: Path, log: Path, timed_out: bool, wall_s: float) -> ScaffoldOutcome:
        data = read_trajectory(path)
        base = {"scaffold": self.name, "wall_s": wall_s, "version": PACKAGE.version}
        if data is None:
            tail = log.read_text(errors="replace").strip().splitlines()[-1:] if log.exists() else []
            status: ExitStatus = "limits" if timed_out else "error"
            reason = "wall clock" if timed_out else (tail or ["mini wrote no trajectory"])[0]
            return ScaffoldOutcome(**base, status=status, raw_status="no trajectory", reason=reason)
        info = data.get("info") or {}
        raw = str(info.get("exit_status") or "")
        status = _STATUS.get(raw) or ("infra_error" if raw in _INFRA else "limits" if timed_out else "error")
        stats = info.get("model_stats") or {}
        prompt, completion = usage_of(data)
        last = (data.get("messages") or [{}])[-1] or {}
        return ScaffoldOutcome(
            **base, status=status, raw_status=raw or "unfinished", reason=str(last.get("content") or raw)[:500],
            steps=int(stats.get("api_calls") or 0), cost_usd=float(stats.get("instance_cost") or 0.0),
            prompt_tokens=prompt, completion_tokens=completion, trajectory=str(path),
        )  # fmt: skip
