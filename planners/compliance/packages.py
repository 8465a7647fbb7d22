"""Names of database drivers, ORMs and web frameworks, as imported (modules) and as declared (distributions).

One vocabulary for every check, so "touches the database" means the same thing in the architecture,
database and ORM verdicts.
"""

from __future__ import annotations

# --- Python: importable top-level modules -------------------------------------------------------------
PY_POSTGRES_MODULES = frozenset({"psycopg", "psycopg2", "psycopg_pool", "asyncpg", "pg8000", "aiopg"})
PY_SQLITE_MODULES = frozenset({"sqlite3", "aiosqlite", "pysqlite2", "pysqlite3", "apsw", "sqlite_utils"})
PY_OTHER_DRIVER_MODULES = frozenset({"pymysql", "MySQLdb", "aiomysql", "pymongo", "motor", "databases"})
PY_ORM_MODULES = frozenset({"sqlalchemy", "flask_sqlalchemy", "sqlmodel", "peewee", "pony", "tortoise", "mongoengine"})
# Dotted prefixes that also mean database access (the Django ORM lives inside the framework package).
PY_DB_PREFIXES = ("django.db",)

# --- Python: distributions as written in requirements.txt / pyproject (PEP 503 normalised) -------------
PY_POSTGRES_DISTS = frozenset(
    {"psycopg", "psycopg-binary", "psycopg-c", "psycopg2", "psycopg2-binary", "psycopg-pool", "asyncpg", "pg8000"}
)
PY_SQLITE_DISTS = frozenset({"aiosqlite", "pysqlite3", "pysqlite3-binary", "apsw", "sqlite-utils"})
PY_SQLALCHEMY_DISTS = frozenset({"sqlalchemy", "flask-sqlalchemy", "sqlmodel"})

# --- Node: package names (also what `require`/`import` name, up to a sub-path) -------------------------
JS_POSTGRES_PACKAGES = frozenset({"pg", "pg-promise", "postgres", "pg-pool", "pg-native", "@vercel/postgres"})
JS_SQLITE_PACKAGES = frozenset({"sqlite3", "better-sqlite3", "sqlite", "@libsql/client"})
JS_OTHER_DRIVER_PACKAGES = frozenset({"mysql", "mysql2", "mongodb", "tedious", "oracledb"})
JS_ORM_PACKAGES = frozenset(
    {
        "sequelize",
        "typeorm",
        "@prisma/client",
        "prisma",
        "mongoose",
        "knex",
        "objection",
        "drizzle-orm",
        "@mikro-orm/core",
        "bookshelf",
    }
)

# --- Web frameworks --------------------------------------------------------------------------------------
# Framework -> distribution / package that must be declared.
FRAMEWORK_DISTS: dict[str, str] = {
    "flask": "flask",
    "fastapi": "fastapi",
    "django": "django",
    "aiohttp": "aiohttp",
    "express": "express",
    "fastify": "fastify",
    "koa": "koa",
    "hono": "hono",
}
HONO_NODE_ADAPTER = "@hono/node-server"
# Web-framework packages, for "services are framework-agnostic" (top-level module / npm package).
PY_WEB_MODULES = frozenset({"flask", "fastapi", "starlette", "aiohttp", "django", "werkzeug", "quart", "sanic"})
JS_WEB_PACKAGES = frozenset({"express", "fastify", "koa", "hono", "@koa/router", "koa-router", "@hono/node-server"})


def package_of(specifier: str) -> str:
    """npm package named by an import specifier: `pg/lib/x` -> pg, `@scope/a/b` -> @scope/a, `node:fs` -> fs."""
    spec = specifier.removeprefix("node:")
    parts = spec.split("/")
    if spec.startswith("@") and len(parts) > 1:
        return "/".join(parts[:2])
    return parts[0]


def py_top(module: str) -> str:
    return module.split(".", 1)[0]


def py_db_kind(module: str) -> str | None:
    """ "postgresql", "sqlite", "driver" (another database), "orm", or None for a Python module name."""
    top = py_top(module)
    if top in PY_POSTGRES_MODULES:
        return "postgresql"
    if top in PY_SQLITE_MODULES:
        return "sqlite"
    if top in PY_OTHER_DRIVER_MODULES:
        return "driver"
    if top in PY_ORM_MODULES or any(module == p or module.startswith(p + ".") for p in PY_DB_PREFIXES):
        return "orm"
    return None


def js_db_kind(specifier: str) -> str | None:
    """The same classification for a JavaScript import specifier."""
    package = package_of(specifier)
    if package in JS_POSTGRES_PACKAGES:
        return "postgresql"
    if package in JS_SQLITE_PACKAGES:
        return "sqlite"
    if package in JS_OTHER_DRIVER_PACKAGES:
        return "driver"
    if package in JS_ORM_PACKAGES:
        return "orm"
    return None
