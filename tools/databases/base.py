"""What every database provider hands out, and the protocol it follows."""

from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel

DatabaseKind = Literal["postgresql", "sqlite"]


class DatabaseUnavailable(RuntimeError):
    """No database server can be used; the message is one line telling the user what to do."""


class ProvisionedDatabase(BaseModel):
    """A database created for one evaluation. `url` is what the app receives as DATABASE_URL."""

    kind: DatabaseKind
    name: str
    url: str
    env: dict[str, str]
    # Connection string with administrative rights over this database, for runtime checks.
    admin_url: str | None = None
    create_ms: float = 0.0


class DatabaseProvider(Protocol):
    """Creates and drops throw-away databases. `close` releases whatever the provider started."""

    kind: DatabaseKind

    def create(self, label: str = "eval") -> ProvisionedDatabase: ...

    def drop(self, database: ProvisionedDatabase) -> None: ...

    def close(self) -> None: ...
