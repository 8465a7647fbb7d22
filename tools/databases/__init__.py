"""Ephemeral databases for generated backends: a fresh database per evaluation, dropped afterwards."""

from tools.databases.base import DatabaseProvider, DatabaseUnavailable, ProvisionedDatabase
from tools.databases.registry import PROVIDER_KINDS, open_provider

__all__ = [
    "PROVIDER_KINDS",
    "DatabaseProvider",
    "DatabaseUnavailable",
    "ProvisionedDatabase",
    "open_provider",
]
