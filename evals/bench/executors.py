"""Where runs execute: local worker processes (default), or Ray tasks for sweeps beyond one machine.

Both take a RunSpec and hand back the run's document; the driver alone writes the store. `stop` asks
a run to end at its next step (SIGTERM locally, a KeyboardInterrupt through `ray.cancel`); a local run
past its wall-clock limit is killed and recorded as an infrastructure failure.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Protocol

from evals.bench.run_one import RunSpec, build_document
from evals.scaffolds.base import ScaffoldOutcome
from evals.scaffolds.progress import read_progress
from tools.procs.lifeline import die_with_parent

Finished = tuple[str, dict[str, Any]]


class Executor(Protocol):
    def free(self) -> int: ...
    def running(self) -> list[str]: ...
    def submit(self, run_id: str, spec: RunSpec) -> None: ...
    def poll(self) -> list[Finished]: ...
    def stop(self, run_id: str) -> None: ...
    def live_cost(self) -> float: ...
    def close(self) -> None: ...


def _lost(spec: RunSpec, why: str, started: float) -> dict[str, Any]:
    return build_document(spec, None, None, why, {"run_s": round(time.monotonic() - started, 3)})


def _stopped(spec: RunSpec, started: float) -> dict[str, Any]:
    name = spec.planned.scaffold.split(",")[0]
    outcome = ScaffoldOutcome(scaffold=name, status="interrupted", reason="stopped before the run ended")
    return build_document(spec, outcome, None, None, {"run_s": round(time.monotonic() - started, 3)})


class LocalExecutor:
    """A process per run (`python -m evals.bench.worker`), at most `workers` at once."""

    def __init__(self, workers: int, control: Path, env: dict[str, str], run_timeout_s: float) -> None:
        self.workers, self.control, self.env, self.run_timeout_s = workers, control, env, run_timeout_s
        control.mkdir(parents=True, exist_ok=True)
        self._runs: dict[str, tuple[subprocess.Popen[bytes], RunSpec, float, Path]] = {}

    def free(self) -> int:
        return self.workers - len(self._runs)

    def running(self) -> list[str]:
        return list(self._runs)

    def submit(self, run_id: str, spec: RunSpec) -> None:
        stem = self.control / spec.run_dir.name
        spec_file, document = stem.with_suffix(".spec.json"), stem.with_suffix(".document.json")
        document.unlink(missing_ok=True)
        spec_file.write_text(spec.model_dump_json())
        log = stem.with_suffix(".worker.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "evals.bench.worker", str(spec_file), str(document)],
            env={**os.environ, **self.env}, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            preexec_fn=die_with_parent(signal.SIGKILL),  # a sweep killed with -9 leaves no run behind
        )  # fmt: skip
        log.close()
        self._runs[run_id] = (process, spec, time.monotonic(), document)

    def poll(self) -> list[Finished]:
        done: list[Finished] = []
        for run_id, (process, spec, started, document) in list(self._runs.items()):
            code = process.poll()
            if code is None and time.monotonic() - started > self.run_timeout_s:
                process.kill()
                process.wait()
                why = f"the run passed its wall-clock limit of {self.run_timeout_s:.0f} s and was killed"
                done.append((run_id, _lost(spec, why, started)))
            elif code is not None:
                try:
                    done.append((run_id, json.loads(document.read_text(encoding="utf-8"))))
                except (OSError, ValueError):
                    done.append((run_id, _lost(spec, f"the worker ended without a result (exit code {code})", started)))
            else:
                continue
            del self._runs[run_id]
        return done

    def stop(self, run_id: str) -> None:
        if run_id in self._runs:
            self._runs[run_id][0].send_signal(signal.SIGTERM)

    def live_cost(self) -> float:
        return sum(read_progress(spec.run_dir / "progress.json").cost_usd for _, spec, _, _ in self._runs.values())

    def close(self) -> None:
        for process, *_ in self._runs.values():
            process.kill()
            process.wait()
        self._runs.clear()


def _ray_run(spec_json: str) -> dict[str, Any]:
    """The Ray task: the same run function as a local worker's."""
    from evals.bench.run_one import RunSpec, execute_run

    return execute_run(RunSpec.model_validate_json(spec_json))


class ExecutorUnavailable(RuntimeError):
    """The executor cannot start (Ray missing, a cluster that cannot be joined); the message is one line."""


def _token_available() -> bool:
    """Whether this machine holds a Ray authentication token (where Ray itself looks for one)."""
    if os.environ.get("RAY_AUTH_TOKEN") or os.environ.get("RAY_AUTH_TOKEN_PATH"):
        return True
    return (Path.home() / ".ray" / "auth_token").is_file()


def _prepare_ray_auth(joining: bool) -> None:
    """`ray start --head` enables token authentication by default where a token exists, but a driver joining
    it by address sends none unless RAY_AUTH_MODE says token, and is refused. Say it for the user when the
    token is there (before Ray is imported: it reads the mode once); an explicit RAY_AUTH_MODE is kept."""
    if joining and "RAY_AUTH_MODE" not in os.environ and _token_available() and "ray" not in sys.modules:
        os.environ["RAY_AUTH_MODE"] = "token"


def _check_reachable(address: str) -> None:
    """A `host:port` that nothing listens on is one line now: Ray itself would retry it for minutes."""
    hostport = address.split("://", 1)[-1]
    host, _, port = hostport.rpartition(":")
    if not host or not port.isdigit():
        return  # `auto`, or a form Ray resolves itself
    try:
        socket.create_connection((host, int(port)), timeout=10).close()
    except OSError as exc:
        raise ExecutorUnavailable(
            f"--ray-address {address}: nothing answers there ({exc.strerror or exc}); start the cluster with "
            "`ray start --head` and give the address it prints"
        ) from None


class RayExecutor:
    """Each run a Ray task (one CPU); `address` joins a cluster (`auto`), else a local Ray starts here."""

    def __init__(self, workers: int, env: dict[str, str], address: str | None = None) -> None:
        _prepare_ray_auth(joining=bool(address))
        try:
            import ray
        except ImportError:
            raise ExecutorUnavailable("--executor ray needs Ray: pip install 'cagent[ray]'") from None
        self.ray = ray
        runtime_env = {"env_vars": env}
        if address:
            _check_reachable(address)
            try:
                ray.init(address=address, runtime_env=runtime_env, log_to_driver=False)
            except (ConnectionError, RuntimeError) as exc:
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise ExecutorUnavailable(
                    f"--ray-address {address}: cannot join the Ray cluster ({first}); a cluster with token "
                    "authentication needs its token here (RAY_AUTH_TOKEN or ~/.ray/auth_token)"
                ) from None
        else:
            ray.init(num_cpus=workers, runtime_env=runtime_env, log_to_driver=False, include_dashboard=False)
        self.workers = workers
        self._task = ray.remote(num_cpus=1, max_retries=0)(_ray_run)
        self._runs: dict[str, tuple[Any, RunSpec, float]] = {}

    def free(self) -> int:
        return self.workers - len(self._runs)

    def running(self) -> list[str]:
        return list(self._runs)

    def submit(self, run_id: str, spec: RunSpec) -> None:
        self._runs[run_id] = (self._task.remote(spec.model_dump_json()), spec, time.monotonic())

    def poll(self) -> list[Finished]:
        if not self._runs:
            return []
        refs = {ref: run_id for run_id, (ref, _, _) in self._runs.items()}
        ready, _ = self.ray.wait(list(refs), num_returns=len(refs), timeout=0)
        done: list[Finished] = []
        for ref in ready:
            run_id = refs[ref]
            _, spec, started = self._runs.pop(run_id)
            try:
                done.append((run_id, self.ray.get(ref)))
            except Exception as exc:  # cancelled by stop(), or the task died: not the model's failure either way
                if type(exc).__name__ == "TaskCancelledError":
                    done.append((run_id, _stopped(spec, started)))
                else:
                    done.append((run_id, _lost(spec, f"the Ray task failed: {type(exc).__name__}", started)))
        return done

    def stop(self, run_id: str) -> None:
        if run_id in self._runs:
            self.ray.cancel(self._runs[run_id][0])

    def live_cost(self) -> float:
        return sum(read_progress(spec.run_dir / "progress.json").cost_usd for _, spec, _ in self._runs.values())

    def close(self) -> None:
        for ref, *_ in self._runs.values():
            self.ray.cancel(ref, force=True)
        self._runs.clear()
        self.ray.shutdown()
