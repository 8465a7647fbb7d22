"""Facts about one stack that a plan lays out: files, packages per layer, environment, schema creation.

The catalog (planners.constraints) says what each constraint demands in words; this module turns the
same constraints into data a plan and a draft check can use: which directory holds each layer, which
packages each layer may not import, where the database connection lives and which files must exist.
"""

from __future__ import annotations

from planners.constraints.model import ConstraintSet

EXTENSION = {"python": ".py", "node": ".js"}
ENTRY = {
    "flask": "app.py",
    "fastapi": "main.py",
    "django": "manage.py",
    "aiohttp": "main.py",
    "express": "server.js",
    "fastify": "server.js",
    "koa": "server.js",
    "hono": "server.js",
}
WEB_PACKAGES = {
    "python": {"flask", "fastapi", "django", "aiohttp", "starlette", "sanic", "tornado"},
    "node": {"express", "fastify", "koa", "@koa/router", "hono", "@hono/node-server", "@nestjs/core"},
}
ORM_PACKAGES = {"sqlalchemy": {"sqlalchemy", "flask_sqlalchemy", "sqlmodel"}, "sequelize": {"sequelize"}}
DRIVERS = {
    ("postgresql", "python"): {"psycopg", "psycopg2", "asyncpg"},
    ("sqlite", "python"): {"sqlite3", "aiosqlite"},
    ("postgresql", "node"): {"pg", "pg-promise", "postgres", "pg-hstore"},
    ("sqlite", "node"): {"sqlite3", "better-sqlite3", "sqlite"},
}
# The package a plan names for the driver of each (database, language).
DRIVER_CHOICE = {
    ("postgresql", "python"): "psycopg[binary]",
    ("sqlite", "python"): "sqlite3 (standard library)",
    ("postgresql", "node"): "pg",
    ("sqlite", "node"): "sqlite3",
}
LAYERS = ("routes", "services", "repositories", "models")


def extension(constraints: ConstraintSet) -> str:
    return EXTENSION[constraints.language]


def data_packages(constraints: ConstraintSet) -> set[str]:
    """Every ORM and driver package of the language: what only the data layer may import."""
    language = constraints.language
    orms = {p for name, packages in ORM_PACKAGES.items() for p in packages if _orm_language(name) == language}
    drivers = {p for (_, lang), packages in DRIVERS.items() if lang == language for p in packages}
    return orms | drivers


def other_database_packages(constraints: ConstraintSet) -> set[str]:
    """The drivers of the database the task does not use (none when the database is free)."""
    if constraints.database == "none":
        return set()
    other = "sqlite" if constraints.database == "postgresql" else "postgresql"
    return DRIVERS[(other, constraints.language)] - DRIVERS[(constraints.database, constraints.language)]


def database_module(constraints: ConstraintSet) -> str:
    """The file that opens the connection (engine, pool or Sequelize instance)."""
    ext = extension(constraints)
    if constraints.orm == "sequelize":
        return f"models/index{ext}"  # models are defined on the instance, so it lives with them
    return f"repositories/database{ext}" if constraints.architecture == "clean" else f"database{ext}"


def env_vars(constraints: ConstraintSet) -> list[str]:
    names = ["PORT"]
    if constraints.database == "postgresql":
        names += ["DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"]
    elif constraints.database == "sqlite":
        names += ["DATABASE_URL", "SQLITE_PATH"]
    else:
        names += ["DATABASE_URL"]
    return [*names, "JWT_SECRET"]


def schema_creation(constraints: ConstraintSet) -> str:
    retry = " after retrying until PostgreSQL accepts connections" if constraints.database == "postgresql" else ""
    if constraints.orm == "sqlalchemy":
        how = "Base.metadata.create_all(engine)"
    elif constraints.orm == "sequelize":
        how = "await sequelize.sync()"
    else:
        how = "CREATE TABLE IF NOT EXISTS statements"
    return f"{how} at start-up, before the server listens{retry}"


def required_files(constraints: ConstraintSet) -> list[str]:
    manifest = "requirements.txt" if constraints.language == "python" else "package.json"
    files = ["run.sh", manifest, ENTRY[constraints.framework]]
    if constraints.framework == "django":
        files += ["conduit/settings.py", "conduit/urls.py"]
    if constraints.architecture == "clean" and constraints.language == "python":
        files += [f"{layer}/__init__.py" for layer in LAYERS]
    if constraints.database != "none" or constraints.orm != "none":
        files.append(database_module(constraints))
    if constraints.orm == "sqlalchemy":
        files.append("models/base.py" if constraints.architecture == "clean" else "models.py")
    return list(dict.fromkeys(files))


def _orm_language(orm: str) -> str:
    return "python" if orm == "sqlalchemy" else "node"
