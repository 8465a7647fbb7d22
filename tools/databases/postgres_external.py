"""An existing PostgreSQL server, given by an admin URL (CAGENT_PG_ADMIN_URL)."""

from __future__ import annotations

from tools.databases.base import ProvisionedDatabase
from tools.databases.postgres_admin import PostgresAdmin

ADMIN_URL_VARIABLE = "CAGENT_PG_ADMIN_URL"


class ExternalPostgresProvider:
    kind = "postgresql"

    def __init__(self, admin_url: str) -> None:
        self._admin = PostgresAdmin(admin_url)

    def create(self, label: str = "eval") -> ProvisionedDatabase:
        return self._admin.create(label)

    def drop(self, database: ProvisionedDatabase) -> None:
        self._admin.drop(database)

    def close(self) -> None:
        self._admin.close()
