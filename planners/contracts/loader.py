"""Read OpenAPI contracts (bundled or from a file) and list their operations."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

import yaml
from pydantic import BaseModel, ConfigDict

__all__ = [
    "ContractError",
    "Operation",
    "available_contracts",
    "contract_path",
    "load_contract",
    "operations",
    "resolve_ref",
]

_SUFFIX = ".openapi.yaml"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

Auth = Literal["required", "optional", "none"]


class ContractError(ValueError):
    """A contract cannot be found, read or interpreted. The message is one line."""


class Operation(BaseModel):
    """One HTTP operation of a contract, with the server prefix applied to its path."""

    model_config = ConfigDict(frozen=True)

    method: str
    path: str
    operation_id: str
    auth: Auth
    success_status: int


def available_contracts() -> list[str]:
    """Names of the contracts bundled with this package."""
    root = resources.files(__package__)
    return sorted(e.name.removesuffix(_SUFFIX) for e in root.iterdir() if e.name.endswith(_SUFFIX))


def contract_path(name: str = "conduit") -> Path:
    """Filesystem path of the bundled contract `name` (e.g. "conduit")."""
    if not _NAME.match(name):
        raise ContractError(f"invalid contract name {name!r}")
    resource = resources.files(__package__).joinpath(name + _SUFFIX)
    if not resource.is_file():
        known = ", ".join(available_contracts()) or "none"
        raise ContractError(f"unknown contract {name!r} (bundled: {known})")
    return Path(str(resource))


def load_contract(name_or_path: str = "conduit") -> dict[str, Any]:
    """Load a bundled contract by name, or any OpenAPI YAML/JSON file by path."""
    candidate = Path(name_or_path).expanduser()
    looks_like_path = (
        candidate.suffix.lower() in {".yaml", ".yml", ".json"} or "/" in name_or_path or candidate.exists()
    )
    path = candidate if looks_like_path else contract_path(name_or_path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        raise ContractError(f"cannot read contract {path}: {reason}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        raise ContractError(f"contract {path} is not valid YAML/JSON: {_one_line(exc)}") from exc
    if not isinstance(data, dict) or "openapi" not in data or not isinstance(data.get("paths"), dict):
        raise ContractError(f"contract {path} is not an OpenAPI 3 document (needs 'openapi' and 'paths')")
    return data


def resolve_ref(contract: dict[str, Any], ref: str) -> Any:
    """Follow a local JSON pointer such as '#/components/schemas/User'."""
    if not ref.startswith("#/"):
        raise ContractError(f"only local references are supported, got {ref!r}")
    node: Any = contract
    for raw in ref[2:].split("/"):
        key = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            raise ContractError(f"unresolvable reference {ref!r}")
    return node


def operations(contract: dict[str, Any]) -> list[Operation]:
    """Every operation of the contract, in document order."""
    result: list[Operation] = []
    root_servers = contract.get("servers")
    root_security = contract.get("security", [])
    for raw_path, item in contract.get("paths", {}).items():
        for method in (m for m in item if m in _METHODS):
            op = item[method]
            prefix = _server_prefix(op.get("servers") or item.get("servers") or root_servers)
            path = prefix + raw_path
            result.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    operation_id=op.get("operationId") or f"{method.upper()} {path}",
                    auth=_auth(op.get("security", root_security)),
                    success_status=_success_status(op, f"{method.upper()} {path}"),
                )
            )
    return result


def _server_prefix(servers: list[dict[str, Any]] | None) -> str:
    if not servers:
        return ""
    server = servers[0]
    url = server.get("url", "")
    for var, spec in (server.get("variables") or {}).items():
        url = url.replace("{" + var + "}", str(spec.get("default", "")))
    return urlparse(url).path.rstrip("/")


def _auth(security: list[dict[str, Any]]) -> Auth:
    if not security:
        return "none"
    return "optional" if any(not requirement for requirement in security) else "required"


def _success_status(op: dict[str, Any], label: str) -> int:
    codes = [str(code).upper() for code in op.get("responses", {})]
    exact = sorted(int(c) for c in codes if c.isdigit() and 200 <= int(c) < 300)
    if exact:
        return exact[0]
    if "2XX" in codes:
        return 200
    raise ContractError(f"operation {label} declares no 2xx response")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())
