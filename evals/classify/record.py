"""`FailureRecord`: everything the failure classifier reads about one failed run, in one JSON shape.

A record holds what a reviewer would look at to say why a run failed:

* `task`: the task (`name`, `framework`, `constraints`, free-text `description`);
* `requests`: the behavioural suite request by request (`name`, `method`, `path`, `status`,
  `passed`/`failed` assertion counts, failure `messages`, transport `error`). `status` is null when
  no response came back. A list holding only the failing requests is allowed (newman summaries list
  nothing else); `total_requests` then tells how many requests the suite had, so that the missing
  ones count as passed;
* `server_log`: the tail of the server's output (for an eval result, preceded by the earlier exception
  blocks the tail lost, each headed by the request it happened during);
* `exceptions`: the server's exception blocks tied to their requests (`request`: position in `requests`,
  null for start-up), when the harness recorded them;
* `compliance`: the constraint verdicts (`kind`, `compliant`, `violations`);
* `trajectory`: the last turns of the agent (`role` + `content`; plain strings are accepted);
* `server_started`: whether the server answered its health check (null when unknown);
* `exit_status`: how the agent's session ended: `submitted`, `budget_exhausted`, `step_limit`,
  `cost_limit`, `timeout`, `error`... (null when unknown);
* `fault`, `fault_detail`: what the harness itself saw go wrong, when it did (`server_crash`,
  `timeout`, `limit:memory`, `limit:processes`, `limit:wall`, `infra`, `interrupted`; see
  `evals.faults`); records from other harnesses leave it null;
* `labels`: reference labels (from human review), when the record carries them.

Minimal example::

    {"id": "run-7", "task": {"framework": "fastify", "constraints": ["postgres"]},
     "requests": [{"name": "Favorite Article", "method": "POST", "status": 400, "failed": 15}],
     "total_requests": 30, "server_log": "...FST_ERR_CTP_EMPTY_JSON_BODY...", "server_started": true}
"""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from evals.taxonomy import Category, Subcategory


class TaskInfo(BaseModel):
    """What the agent was asked to build."""

    name: str = ""
    framework: str = ""
    constraints: list[str] = Field(default_factory=list)
    description: str = ""


class RequestResult(BaseModel):
    """One request of the behavioural suite and how its assertions went."""

    name: str
    method: str = ""
    path: str = ""
    suite: str = ""
    status: int | None = None
    passed: int = 0
    failed: int = 0
    messages: list[str] = Field(default_factory=list)
    # Names of the failed assertions, when known: they tell a shape check from a behaviour check.
    failed_checks: list[str] = Field(default_factory=list)
    error: str | None = None
    authenticated: bool | None = None


class ComplianceVerdict(BaseModel):
    """One constraint check (layering, database, ORM...) and what it found."""

    kind: str
    compliant: bool
    violations: list[str] = Field(default_factory=list)

    @field_validator("violations", mode="before")
    @classmethod
    def _flatten(cls, value: object) -> object:
        # The compliance checks write violations as {file, line, reason}; keep one readable line each.
        if not isinstance(value, list):
            return value
        lines: list[object] = []
        for item in value:
            if isinstance(item, dict):
                where = ":".join(str(item[k]) for k in ("file", "line") if item.get(k))
                reason = str(item.get("reason", ""))
                lines.append(f"{where} {reason}".strip())
            else:
                lines.append(item)
        return lines


class TiedException(BaseModel):
    """An exception block of the server log and the request it happened during (None: start-up)."""

    text: str
    request: int | None = None  # position in FailureRecord.requests
    label: str | None = None


class Turn(BaseModel):
    """One message of the agent's trajectory."""

    role: str = ""
    content: str = ""


class Labels(BaseModel):
    """Reference labels of a record (human review)."""

    category: Category | None = None
    subcategory: Subcategory | None = None


class FailureRecord(BaseModel):
    """Everything the classifier reads about one failed run; see the module docstring."""

    id: str = ""
    task: TaskInfo = Field(default_factory=TaskInfo)
    requests: list[RequestResult] = Field(default_factory=list)
    total_requests: int | None = None
    server_log: str = ""
    exceptions: list[TiedException] = Field(default_factory=list)
    compliance: list[ComplianceVerdict] = Field(default_factory=list)
    trajectory: list[Turn] = Field(default_factory=list)
    server_started: bool | None = None
    exit_status: str | None = None
    fault: str | None = None
    fault_detail: str | None = None
    labels: Labels | None = None

    @field_validator("trajectory", mode="before")
    @classmethod
    def _turns(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"role": "", "content": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("server_log", mode="before")
    @classmethod
    def _log(cls, value: object) -> object:
        return "" if value is None else value
