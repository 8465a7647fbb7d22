"""API contracts owned by the project: OpenAPI documents and a reader for them.

`conduit.openapi.yaml` is the Conduit (RealWorld) API that generated backends must implement.
"""

from planners.contracts.loader import (
    ContractError,
    Operation,
    available_contracts,
    contract_path,
    load_contract,
    operations,
    resolve_ref,
)

__all__ = [
    "ContractError",
    "Operation",
    "available_contracts",
    "contract_path",
    "load_contract",
    "operations",
    "resolve_ref",
]
