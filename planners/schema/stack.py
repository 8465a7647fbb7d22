"""The concrete stack a skeleton is rendered for: the constraints, plus the choices they leave open.

"none" leaves a choice to us: without a database constraint the skeleton stores its data in SQLite (the
simplest persistent choice, no server needed) and says so; without an ORM it uses a thin driver module.
aiohttp is asynchronous, so its database access is too (asyncpg / aiosqlite).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from planners.constraints.model import ConstraintSet

Driver = Literal["psycopg", "sqlite3", "asyncpg", "aiosqlite", "pg", "better-sqlite3", "sqlite3-node"]
_ASYNC_FRAMEWORKS = frozenset({"aiohttp"})


class Stack(BaseModel):
    model_config = ConfigDict(frozen=True)

    framework: str
    language: Literal["python", "node"]
    clean: bool
    database: Literal["postgresql", "sqlite"]
    database_chosen: bool  # True when the task did not name a database and SQLite was picked
    orm: Literal["sqlalchemy", "sequelize", "none"]
    driver: Driver
    asynchronous: bool

    @property
    def label(self) -> str:
        return {"postgresql": "PostgreSQL", "sqlite": "SQLite"}[self.database]

    def describe(self) -> str:
        layout = "Clean Architecture layers" if self.clean else "a flat layout"
        data = "SQLAlchemy" if self.orm == "sqlalchemy" else "Sequelize" if self.orm == "sequelize" else "no ORM"
        chosen = " (chosen: the task names no database)" if self.database_chosen else ""
        mode = ", async" if self.asynchronous else ""
        return f"{self.framework}, {layout}, {self.label}{chosen}, {data} over {self.driver}{mode}"


def stack_for(constraints: ConstraintSet) -> Stack:
    database = "sqlite" if constraints.database == "none" else constraints.database
    asynchronous = constraints.framework in _ASYNC_FRAMEWORKS
    driver: Driver
    if constraints.language == "python":
        if asynchronous:
            driver = "asyncpg" if database == "postgresql" else "aiosqlite"
        else:
            driver = "psycopg" if database == "postgresql" else "sqlite3"
    elif database == "postgresql":
        driver = "pg"
    else:
        # Sequelize's SQLite dialect is written for the sqlite3 package; plain SQL uses better-sqlite3.
        driver = "sqlite3-node" if constraints.orm == "sequelize" else "better-sqlite3"
    return Stack(
        framework=constraints.framework,
        language=constraints.language,
        clean=constraints.architecture == "clean",
        database=database,  # type: ignore[arg-type]
        database_chosen=constraints.database == "none",
        orm=constraints.orm,
        driver=driver,
        asynchronous=asynchronous,
    )
