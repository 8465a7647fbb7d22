"""How a run was configured, as its trajectory header records it: an ablation reads it back from the run.

Source of the task (spec or prompt: path and hash of the text), budget, loop settings, sandbox and
isolation, the tools with a hash of the schemas the model sees, mitigations, the model and its settings
(never a credential: keys are left out, URLs lose their password and secret query parameters), and the
versions of cagent, Python and Node.js.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel

from agent.budget import Budget
from agent.loop_config import LoopConfig
from agent.models.settings import ModelSettings
from agent.spec import Mitigations
from tools.base import Tool, tool_schema

# Names of settings and request options that may hold a credential; such entries are never recorded.
_SECRET = re.compile(r"key|token|secret|password|passwd|auth|credential|cookie", re.IGNORECASE)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TaskSource(BaseModel):
    """Where the task came from: a spec file, a prompt file, or a prompt given as text (path None)."""

    kind: Literal["spec", "prompt"]
    path: str | None = None
    sha256: str

    @classmethod
    def of(cls, kind: Literal["spec", "prompt"], text: str, path: Path | None = None) -> TaskSource:
        return cls(kind=kind, path=str(path.resolve()) if path is not None else None, sha256=sha256_text(text))


class IsolationRecord(BaseModel):
    requested: str
    used: str


class ToolRecord(BaseModel):
    name: str
    schema_sha256: str  # of the function schema the model is given (name, description, parameters)


class ModelRecord(BaseModel):
    name: str
    kind: str  # the class that served it
    context_window: int | None = None
    settings: dict[str, Any]


class Versions(BaseModel):
    cagent: str | None
    python: str
    node: str | None


class RunConfiguration(BaseModel):
    source: TaskSource | None = None
    budget: Budget
    loop: LoopConfig
    sandbox: str
    isolation: IsolationRecord
    tools: list[ToolRecord]
    tools_sha256: str  # of every schema together, in the order the model sees them
    mitigations: Mitigations
    model: ModelRecord
    versions: Versions

    def changes_from(self, recorded: RunConfiguration) -> dict[str, Any]:
        """The sections of this configuration that differ from `recorded`, with this one's values."""
        mine, theirs = self.model_dump(mode="json"), recorded.model_dump(mode="json")
        return {key: value for key, value in mine.items() if theirs.get(key) != value}


def _schema_hash(schema: Any) -> str:
    return sha256_text(json.dumps(schema, sort_keys=True, ensure_ascii=False))


def tool_records(tools: list[Tool]) -> tuple[list[ToolRecord], str]:
    """Each tool with the hash of its schema, and the hash of all of them."""
    schemas = [tool_schema(tool) for tool in tools]
    records = [ToolRecord(name=t.name, schema_sha256=_schema_hash(s)) for t, s in zip(tools, schemas, strict=True)]
    return records, _schema_hash(schemas)


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port else host
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _SECRET.search(k)])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def public(value: Any) -> Any:
    """`value` as JSON data, without entries named like credentials and without passwords in URLs."""
    if isinstance(value, dict):
        return {str(k): public(v) for k, v in value.items() if not _SECRET.search(str(k))}
    if isinstance(value, list | tuple):
        return [public(v) for v in value]
    if isinstance(value, str):
        return _without_credentials(value) if "://" in value else value
    if value is None or isinstance(value, bool | int | float):
        return value
    return str(value)


def model_record(model: Any) -> ModelRecord:
    """What the model exposes of the settings real models take (agent.models.settings), and its file if any."""
    names = [*ModelSettings.model_fields, "path"]
    settings = {name: getattr(model, name) for name in names if hasattr(model, name) and name != "context_window"}
    window = getattr(model, "context_window", None)
    return ModelRecord(
        name=public(model.name), kind=f"{type(model).__module__}.{type(model).__qualname__}",
        context_window=window if isinstance(window, int) else None, settings=public(settings),
    )  # fmt: skip
