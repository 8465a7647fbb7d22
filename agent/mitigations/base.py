"""What a mitigation receives before the run's first step, and what it may add to the run.

A mitigation is a module with `prepare(context) -> Contribution`, run only when it is switched on. It
may write into the workspace (the session commits what it wrote before the agent's first step), add
prompt sections, tools, observers of tool observations and a gate on `submit`, and record what it did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from agent.models.base import Model
from planners.constraints.model import ConstraintSet
from tools.base import Tool
from tools.databases import DatabaseProvider
from tools.isolation.mode import IsolationChoice
from tools.sandbox.base import Sandbox


class MitigationInputError(ValueError):
    """What the user gave cannot be prepared (an ambiguous prompt and no model to decide): one line, exit 2."""


class Attachment(BaseModel):
    """Text a mitigation adds to one observation (a convention card for the error it shows), and why."""

    source: str
    reason: str
    text: str


class GateVerdict(BaseModel):
    """The answer to a `submit`: passed ends the run; otherwise `report` is what the model is shown."""

    passed: bool
    report: str = ""
    details: dict[str, Any] = Field(default_factory=dict)


# (tool name, arguments, output) -> something to attach to that observation, or None.
ObservationHook = Callable[[str, dict[str, Any] | str, str], Attachment | None]
SubmitGate = Callable[[str], GateVerdict]  # the submit summary -> verdict


@dataclass
class MitigationContext:
    """The run as the mitigations see it; `constraints` may be set by the planner for a free-text task."""

    workspace: Path
    workdir: Path  # the run's records (plan.json, verifier.json), never inside a run-task workspace's code
    language: Literal["python", "node", "unknown"]
    constraints: ConstraintSet | None
    contract: dict[str, Any] | None
    task_prompt: str
    model: Model
    sandbox: Sandbox
    database_provider: DatabaseProvider | None
    isolation: IsolationChoice
    resume: bool = False  # a resumed run: the workspace and the prompt exist already; write nothing into them
    options: dict[str, Any] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass
class Contribution:
    prompt_sections: list[str] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    observers: list[ObservationHook] = field(default_factory=list)
    submit_gate: SubmitGate | None = None
    record: dict[str, Any] = field(default_factory=dict)


@dataclass
class Prepared:
    """All enabled mitigations' contributions together, in order."""

    prompt_sections: list[str] = field(default_factory=list)
    tools: list[Tool] = field(default_factory=list)
    observers: list[ObservationHook] = field(default_factory=list)
    submit_gates: list[SubmitGate] = field(default_factory=list)
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    ran: list[str] = field(default_factory=list)  # the mitigations whose prepare() ran

    def add(self, name: str, contribution: Contribution) -> None:
        self.ran.append(name)
        self.prompt_sections += [section for section in contribution.prompt_sections if section.strip()]
        self.tools += contribution.tools
        self.observers += contribution.observers
        if contribution.submit_gate is not None:
            self.submit_gates.append(contribution.submit_gate)
        self.records[name] = contribution.record

    def task_prompt(self, prompt: str) -> str:
        return "\n\n".join([prompt.rstrip(), *(section.strip() for section in self.prompt_sections)]) + "\n"
