"""Failures the storage layer reports upward without leaking SQLAlchemy types."""

from __future__ import annotations


class IntegrityConflict(Exception):
    """A write broke a uniqueness or reference constraint (typically a race with another request)."""
