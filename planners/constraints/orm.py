"""The ORM constraint: models declared with it, data access through it, no raw SQL."""

from __future__ import annotations

from pathlib import Path

from planners.compliance.orm_check import check_orm
from planners.compliance.verdict import Verdict
from planners.constraints.kind import ConstraintKind
from planners.constraints.model import ConstraintSet
from planners.constraints.obligation import Obligation, Topic

_SEQUELIZE_DRIVERS = {"postgresql": "pg and pg-hstore", "sqlite": "sqlite3", "none": "pg + pg-hstore, or sqlite3"}
_FACTS: dict[str, list[tuple[str, Topic, str]]] = {
    "sqlalchemy": [
        ("dependency", "dependency", "Declare SQLAlchemy 2.x in requirements.txt"),
        (
            "models",
            "schema",
            "Declare models with SQLAlchemy: a DeclarativeBase subclass with "
            "`Mapped[...] = mapped_column(...)` attributes (link tables with Table())",
        ),
        (
            "sessions",
            "data-access",
            "Access data through Session objects in repositories (select(), "
            "session.add(), session.commit()), one session per request",
        ),
        (
            "no-raw-sql",
            "data-access",
            "No raw SQL strings; if unavoidable, sqlalchemy.text() with bound "
            ":parameters (reported as a warning), never f-strings",
        ),
        ("create-all", "schema", "Create the tables with Base.metadata.create_all(engine) at startup"),
        (
            "detached",
            "pitfall",
            "Load what the response needs before the session closes, or use "
            "expire_on_commit=False (DetachedInstanceError); never put mapped_column() inside Table()",
        ),
    ],
    "sequelize": [
        ("dependency", "dependency", "Declare sequelize and its driver ({driver}) in package.json"),
        ("instance", "data-access", "Create one `new Sequelize(process.env.DATABASE_URL, ...)` shared by all models"),
        (
            "models",
            "schema",
            "Declare models with sequelize.define(...) or `class X extends Model` + X.init(..., { sequelize })",
        ),
        ("access", "data-access", "Access data through model methods (findAll, findOne, create, ...) in repositories"),
        (
            "no-raw-sql",
            "data-access",
            "No raw SQL strings; if unavoidable, sequelize.query(sql, { replacements }) "
            "(reported as a warning), never template-literal SQL",
        ),
        ("sync", "schema", "Create the tables with sequelize.sync() before listening"),
        (
            "eager",
            "pitfall",
            "Use `include` with the association's `as` alias (EagerLoadingError); counting "
            "with include needs `distinct: true`",
        ),
    ],
}


def obligations(constraints: ConstraintSet) -> list[Obligation]:
    orm = constraints.orm
    if orm == "none":
        return []
    driver = _SEQUELIZE_DRIVERS[constraints.database]
    return [
        Obligation(id=f"orm.{orm}.{name}", text=text.replace("{driver}", driver), kind="orm", topic=topic)
        for name, topic, text in _FACTS[orm]
    ]


KIND = ConstraintKind("orm", obligations, check_orm)


def check(workspace: Path, constraints: ConstraintSet) -> Verdict:
    """Models, data access and SQL of `workspace` against the required ORM."""
    return KIND.check(workspace, constraints)
