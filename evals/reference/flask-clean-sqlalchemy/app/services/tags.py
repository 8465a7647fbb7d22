"""The tag cloud."""

from __future__ import annotations

from ..repositories import tags


def in_use() -> list[str]:
    return tags.names_in_use()
