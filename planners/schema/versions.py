"""Dependency versions the skeletons pin: resolved against PyPI and npm for Python 3.11+ and Node 20.

Exact pins, so a skeleton installs the same way every time; bump them together with a run of
benchmarks/skeletons.py. better-sqlite3 stays on 12: 13 crashes on Node 20.
"""

from __future__ import annotations

from planners.schema.stack import Stack

PYTHON: dict[str, str] = {
    "flask": "Flask==3.1.3",
    "fastapi": "fastapi==0.165.0",
    "uvicorn": "uvicorn==0.54.0",
    "django": "Django==5.2.19",
    "aiohttp": "aiohttp==3.14.5",
    "sqlalchemy": "SQLAlchemy==2.1.9",
    "sqlalchemy-async": "SQLAlchemy[asyncio]==2.1.9",
    "psycopg": "psycopg[binary]==3.3.9",
    "asyncpg": "asyncpg==0.32.0",
    "aiosqlite": "aiosqlite==0.22.1",
    "pyjwt": "PyJWT==2.15.1",
}
NODE: dict[str, str] = {
    "express": "5.3.0",
    "fastify": "5.12.8",
    "koa": "3.3.0",
    "@koa/router": "15.7.0",
    "@koa/bodyparser": "6.1.0",
    "hono": "4.13.19",
    "@hono/node-server": "2.1.9",
    "sequelize": "6.37.8",
    "pg": "8.23.1",
    "pg-hstore": "2.3.4",
    "sqlite3": "5.1.7",
    "better-sqlite3": "12.11.1",
    "jsonwebtoken": "9.0.3",
}
_PY_WEB = {"flask": ["flask"], "fastapi": ["fastapi", "uvicorn"], "django": ["django"], "aiohttp": ["aiohttp"]}
_NODE_WEB = {
    "express": ["express"],
    "fastify": ["fastify"],
    "koa": ["koa", "@koa/router", "@koa/bodyparser"],
    "hono": ["hono", "@hono/node-server"],
}


def python_requirements(stack: Stack) -> list[str]:
    names = list(_PY_WEB[stack.framework])
    if stack.orm == "sqlalchemy":
        names.append("sqlalchemy-async" if stack.asynchronous else "sqlalchemy")
    if stack.driver in ("psycopg", "asyncpg", "aiosqlite"):
        names.append(stack.driver)  # sqlite3 is in the standard library
    names.append("pyjwt")
    return [PYTHON[name] for name in names]


def node_dependencies(stack: Stack) -> dict[str, str]:
    names = list(_NODE_WEB[stack.framework])
    if stack.orm == "sequelize":
        names.append("sequelize")
    names += {"pg": ["pg"] + (["pg-hstore"] if stack.orm == "sequelize" else []), "sqlite3-node": ["sqlite3"]}.get(
        stack.driver, [stack.driver] if stack.driver == "better-sqlite3" else []
    )
    names.append("jsonwebtoken")
    return {name: NODE[name] for name in sorted(names)}
