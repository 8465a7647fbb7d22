"""The runs a sweep is made of: one per (task, scaffold, model, mitigation config, trial).

`--ablate plan,retrieval` expands into all-on, all-off and leave-one-out (`no-plan`, `no-retrieval`):
what the mitigations are worth together, and what each adds to the others. Only the cagent scaffold
has mitigations; the others run once per task and trial with the config `-`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from agent.spec import Mitigations
from evals.tasks.model import BenchTask

MITIGATION_NAMES = ("plan", "retrieval", "schema", "verifier")
NO_CONFIG = "-"
NO_MODEL = "-"


class AblationError(ValueError):
    """An --ablate list naming something that is not a mitigation (one line)."""


def _with(on: set[str]) -> Mitigations:
    return Mitigations.model_validate({name: name in on for name in MITIGATION_NAMES})


def expand_ablation(names: list[str]) -> dict[str, Mitigations]:
    """Config label -> mitigations. No names: all on. Names: all-on, all-off, and each one left out."""
    unknown = [name for name in names if name not in MITIGATION_NAMES]
    if unknown:
        raise AblationError(f"--ablate {','.join(unknown)}: choose from {', '.join(MITIGATION_NAMES)}")
    every = set(MITIGATION_NAMES)
    if not names:
        return {"all-on": _with(every)}
    configs = {"all-on": _with(every), "all-off": _with(every - set(names))}
    for name in dict.fromkeys(names):
        configs[f"no-{name}"] = _with(every - {name})
    return configs


class RunKey(BaseModel):
    model_config = ConfigDict(frozen=True)

    task: str
    scaffold: str
    model: str
    config: str
    trial: int

    @property
    def id(self) -> str:
        return f"{self.task}|{self.scaffold}|{self.model}|{self.config}|{self.trial}"

    @property
    def folder_name(self) -> str:
        """A file-system name for the run's folder (unique per key)."""
        import hashlib

        digest = hashlib.sha256(self.id.encode()).hexdigest()[:10]
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in f"{self.task}-{self.scaffold}-t{self.trial}")
        return f"{safe[:90]}-{digest}"


class PlannedRun(BaseModel):
    key: RunKey
    task: BenchTask
    scaffold: str  # the scaffold as given, options included (`none,reference=empty`)
    mitigations: Mitigations | None


def plan_runs(
    tasks: list[BenchTask], scaffolds: list[tuple[str, str, bool]], models: list[str], configs: dict[str, Mitigations],
    trials: int,
) -> list[PlannedRun]:  # fmt: skip
    """Every run of the sweep, in a stable order; `scaffolds` are (name, as given, needs a model)."""
    runs = []
    for task in tasks:
        for name, given, needs_model in scaffolds:
            for model in models if needs_model else [NO_MODEL]:
                chosen = configs if name == "cagent" else {NO_CONFIG: None}
                for label, mitigations in chosen.items():
                    for trial in range(1, trials + 1):
                        key = RunKey(task=task.name, scaffold=given, model=model, config=label, trial=trial)
                        runs.append(PlannedRun(key=key, task=task, scaffold=given, mitigations=mitigations))
    return runs
