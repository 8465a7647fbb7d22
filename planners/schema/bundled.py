"""The domain models bundled as data, and the choice between them and a draft for another contract."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

from planners.schema.domain import DomainModel
from planners.schema.draft import draft_domain


@cache
def conduit_domain() -> DomainModel:
    text = resources.files(__package__).joinpath("conduit.domain.yaml").read_text(encoding="utf-8")
    return DomainModel.model_validate({**yaml.safe_load(text), "source": "bundled"})


def is_conduit(contract: dict[str, Any]) -> bool:
    """The Conduit (RealWorld) API, whichever edition of its OpenAPI document."""
    title = str((contract.get("info") or {}).get("title", "")).lower()
    paths = contract.get("paths") or {}
    return "conduit" in title or "realworld" in title or {"/tags", "/articles/{slug}"} <= set(paths)


def domain_for(contract: dict[str, Any] | None) -> DomainModel:
    """Conduit's bundled model for Conduit (or when no contract is known), else a draft from the schemas."""
    if contract is None or is_conduit(contract):
        return conduit_domain()
    return draft_domain(contract)
