# ruff: noqa: E501  (the tasks are prose, one per line)
"""Extraction of free-text tasks written in other ways than the published prompts.

Constraints spread over sentences, negations ("do not use SQLite; the database is PostgreSQL"), aliases
("Postgres", "pg", "Express.js"), names in other languages ("sin ORM", "architecture propre"), layer
lists meaning Clean Architecture; then what the rules must not decide alone.
"""

from __future__ import annotations

import pytest

from planners.extraction import (
    AmbiguousTask,
    ConstraintAnswer,
    ExtractionError,
    ExtractionQuestion,
    FieldChoice,
    extract,
)

# (task, (framework, architecture, database, orm))
CASES = [
    ("Build the Conduit API with Koa + Postgres via Sequelize.", ("koa", "none", "postgresql", "sequelize")),
    (
        "Write the backend in Flask. Do not use SQLite; the database is PostgreSQL. No ORM, raw psycopg is fine.",
        ("flask", "none", "postgresql", "none"),
    ),
    (
        "FastAPI service, layered: routes -> services -> repositories -> models, backed by SQLite through SQLAlchemy 2.",
        ("fastapi", "clean", "sqlite", "sqlalchemy"),
    ),
    (
        "We want an Express.js server. Persist everything in Postgres (use the pg driver directly, no ORM).",
        ("express", "none", "postgresql", "none"),
    ),
    (
        "Use hono on Node with @hono/node-server. Storage: sqlite via better-sqlite3.",
        ("hono", "none", "sqlite", "none"),
    ),
    (
        "Implement it with Django. Instead of the Django ORM, use SQLAlchemy; keep the data in SQLite.",
        ("django", "none", "sqlite", "sqlalchemy"),
    ),
    (
        "aiohttp app. The database must be PostgreSQL and nothing else: SQLite is not allowed, not even as a fallback.",
        ("aiohttp", "none", "postgresql", "none"),
    ),
    (
        "Fastify please. Organize the code in separate folders for routes, services, repositories and models; each layer only imports the one below it.",
        ("fastify", "clean", "none", "none"),
    ),
    (
        "Stack: Node.js, Koa, PostgreSQL 16, Sequelize v6. Clean Architecture is mandatory.",
        ("koa", "clean", "postgresql", "sequelize"),
    ),
    (
        "Python 3.12 + Flask. Clean architecture. Database: sqlite3. ORM: SQLAlchemy.",
        ("flask", "clean", "sqlite", "sqlalchemy"),
    ),
    (
        "Create the API using express. No database is required; keep all data in memory.",
        ("express", "none", "none", "none"),
    ),
    (
        "Rather than SQLite, store data in a pg database. Framework: FastAPI. Use the SQL Alchemy ORM.",
        ("fastapi", "none", "postgresql", "sqlalchemy"),
    ),
    ("Hono.js backend. Don't bother with any particular architecture. Use SQLite.", ("hono", "none", "sqlite", "none")),
    (
        "Replace SQLite with PostgreSQL in this Express project and use Sequelize models.",
        ("express", "none", "postgresql", "sequelize"),
    ),
    (
        "The server is written in Django (Python). Do not use an ORM at all; talk to Postgres with psycopg2.",
        ("django", "none", "postgresql", "none"),
    ),
    ("Usa Flask con PostgreSQL como base de datos, sin ORM.", ("flask", "none", "postgresql", "none")),
    (
        "Erstelle die API mit Fastify. Datenbank: PostgreSQL, kein SQLite. Verwende Sequelize.",
        ("fastify", "none", "postgresql", "sequelize"),
    ),
    (
        "Utilise Koa avec une architecture propre (routes, services, repositories, models) et SQLite.",
        ("koa", "clean", "sqlite", "none"),
    ),
    (
        "Scrivi il server con aiohttp, architettura pulita, database SQLite e SQLAlchemy come ORM.",
        ("aiohttp", "clean", "sqlite", "sqlalchemy"),
    ),
    (
        "I'd like the backend in FastAPI. For persistence pick Postgres. Oh, and it should follow a hexagonal (ports and adapters) design.",
        ("fastapi", "clean", "postgresql", "none"),
    ),
    (
        "Node backend on Express with a 3-layer architecture: controllers, services and repositories.",
        ("express", "clean", "none", "none"),
    ),
    (
        "Flask, please, nothing fancy: a flat structure is fine. Data goes to a SQLite file.",
        ("flask", "none", "sqlite", "none"),
    ),
    (
        "Use the Fastify framework. PostgreSQL must be the database; the connection string is in DATABASE_URL. Models are declared with Sequelize.",
        ("fastify", "none", "postgresql", "sequelize"),
    ),
    (
        "Build it on Django, store data in PostgreSQL through SQLAlchemy (not the Django ORM), and split the code into routes/services/repositories/models directories.",
        ("django", "clean", "postgresql", "sqlalchemy"),
    ),
    (
        "Write a koa.js server. Never use Postgres here; use SQLite with Sequelize.",
        ("koa", "none", "sqlite", "sequelize"),
    ),
    (
        "The API is implemented with aiohttp. We use asyncpg to reach the database.",
        ("aiohttp", "none", "postgresql", "none"),
    ),
    (
        "Express app. Database access goes through Sequelize with dialect: 'postgres'.",
        ("express", "none", "postgresql", "sequelize"),
    ),
    ("Please don't forget to use PostgreSQL. The framework is Hono.", ("hono", "none", "postgresql", "none")),
    (
        "Flask + SQLAlchemy on SQLite. Keep the usual clean architecture layers.",
        ("flask", "clean", "sqlite", "sqlalchemy"),
    ),
    (
        "FastAPI. Neither SQLite nor any other embedded database: the data lives in Postgres.",
        ("fastapi", "none", "postgresql", "none"),
    ),
    ("Build with Express. No ORM; plain SQL against SQLite is what we want.", ("express", "none", "sqlite", "none")),
    ("Use Django. There is no database constraint and no architecture constraint.", ("django", "none", "none", "none")),
    (
        "Koa server; persistence with Sequelize over a SQLite file; routes call services, services call repositories, repositories use the models.",
        ("koa", "clean", "sqlite", "sequelize"),
    ),
    (
        "Hono on Node.js with Postgres and Sequelize, organized in layers (routes, services, repositories, models).",
        ("hono", "clean", "postgresql", "sequelize"),
    ),
    (
        "Write the server with aiohttp; we moved away from SQLite, so the database is now PostgreSQL accessed via SQLAlchemy.",
        ("aiohttp", "none", "postgresql", "sqlalchemy"),
    ),
    ("Implement in Flask. Use no database other than Postgres.", ("flask", "none", "postgresql", "none")),
    (
        "Framework: **FastAPI** (mandatory). You are required to use SQLAlchemy as the ORM and PostgreSQL as the DBMS.",
        ("fastapi", "none", "postgresql", "sqlalchemy"),
    ),
    (
        "Use Koa. The code has to be structured following Clean Architecture principles.",
        ("koa", "clean", "none", "none"),
    ),
    (
        "Express server. The app must persist data to a Postgres database; sqlite is not acceptable.",
        ("express", "none", "postgresql", "none"),
    ),
    ("Don't use Express; use Koa.", ("koa", "none", "none", "none")),
    (
        "Tech stack - language: JavaScript (Node 20); web framework: Hono; DB: PostgreSQL; ORM: none",
        ("hono", "none", "postgresql", "none"),
    ),
    ("Express + TypeScript + Sequelize + SQLite", ("express", "none", "sqlite", "sequelize")),
    (
        "Python/aiohttp service writing to Postgres using SQLAlchemy's async engine.",
        ("aiohttp", "none", "postgresql", "sqlalchemy"),
    ),
    ("Use Flask. SQLAlchemy must not be used. Data in SQLite.", ("flask", "none", "sqlite", "none")),
    ("Fastify app, no Clean Architecture needed, SQLite storage.", ("fastify", "none", "sqlite", "none")),
    ("Django project. The database should be PostgreSQL rather than SQLite.", ("django", "none", "postgresql", "none")),
    ("Hono API. Do not use Sequelize or any other ORM; use node-postgres.", ("hono", "none", "postgresql", "none")),
    (
        "Your implementation must rely on Django and persist data in SQLite via the SQLAlchemy ORM (the Django ORM is not allowed).",
        ("django", "none", "sqlite", "sqlalchemy"),
    ),
    ("Write a Fastify server (TypeScript is fine).", ("fastify", "none", "none", "none")),
    (
        "Build the backend using the Flask micro-framework with a Postgres DB and the SQLAlchemy toolkit; apply clean architecture with four layers.",
        ("flask", "clean", "postgresql", "sqlalchemy"),
    ),
    (
        "The REST API shall be developed in Node.js using Koa.js; the persistence layer shall use Sequelize with SQLite.",
        ("koa", "none", "sqlite", "sequelize"),
    ),
    (
        "We are a Postgres shop: every service talks to PostgreSQL. This one is an aiohttp service.",
        ("aiohttp", "none", "postgresql", "none"),
    ),
    ("Use Express. Avoid SQLite. Use PostgreSQL.", ("express", "none", "postgresql", "none")),
    ("FastAPI without SQLAlchemy, on plain sqlite3.", ("fastapi", "none", "sqlite", "none")),
    (
        "Generate a complete Node.js REST API server. You MUST use the **Express** framework. Use **PostgreSQL** as the database. You MUST use the Sequelize Node ORM.",
        ("express", "none", "postgresql", "sequelize"),
    ),
    (
        "Koa app. Keep routes, services, repositories and models in their own directories.",
        ("koa", "clean", "none", "none"),
    ),
    (
        "Generate a complete Python 3.12 REST API server.\n## Requirements\n- You MUST use the **fastapi** framework.\n## Database\nUse **PostgreSQL** as the database. An instance of Postgres 16 is already running and listening on port 5432: username=user, password=password, db=conduit, host=postgres, port=5432",
        ("fastapi", "none", "postgresql", "none"),
    ),
    (
        "Implement the spec in Node.js with Fastify. Persist with Sequelize on SQLite. Use clean architecture: controllers/services/repositories/entities.",
        ("fastify", "clean", "sqlite", "sequelize"),
    ),
    (
        "Backend: Django 5. Persistence: PostgreSQL via SQLAlchemy 2.0 (don't use the Django ORM). Structure: clean architecture.",
        ("django", "clean", "postgresql", "sqlalchemy"),
    ),
    ("Please implement this using aiohttp and aiosqlite.", ("aiohttp", "none", "sqlite", "none")),
    (
        "Build it with Hono. It is important that you do NOT use SQLite - use Postgres instead.",
        ("hono", "none", "postgresql", "none"),
    ),
    ("Koa server. ORM: Sequelize. DB: Postgres. Architecture: Clean.", ("koa", "clean", "postgresql", "sequelize")),
    (
        "An Express API whose data layer uses Sequelize models against PostgreSQL; keep business logic out of the route handlers by putting it in services that call repositories.",
        ("express", "clean", "postgresql", "sequelize"),
    ),
    (
        "Use FastAPI. Store data in SQLite. The code must not be organized in a clean architecture; a single main.py is fine.",
        ("fastapi", "none", "sqlite", "none"),
    ),
    (
        "Write a Flask application. Although many projects use SQLite, this one must use PostgreSQL.",
        ("flask", "none", "postgresql", "none"),
    ),
    (
        "Express.js REST API, TypeScript optional. Database: PostgreSQL (no ORM, use pg).",
        ("express", "none", "postgresql", "none"),
    ),
    ("Flask; SQLAlchemy ORM; Postgres; clean arch.", ("flask", "clean", "postgresql", "sqlalchemy")),
    (
        "The service must be built with FastAPI and must talk to PostgreSQL through asyncpg with SQLAlchemy's asyncio extension.",
        ("fastapi", "none", "postgresql", "sqlalchemy"),
    ),
    (
        "Crea un servidor REST con Express y Sequelize sobre PostgreSQL, siguiendo una arquitectura limpia.",
        ("express", "clean", "postgresql", "sequelize"),
    ),
    (
        "Entwickle den Server mit Flask und SQLAlchemy, Datenbank SQLite, saubere Architektur mit Schichten.",
        ("flask", "clean", "sqlite", "sqlalchemy"),
    ),
    (
        "Use Hono (Node adapter) and Postgres. Do not use an ORM such as Sequelize.",
        ("hono", "none", "postgresql", "none"),
    ),
    ("We need aiohttp. For storage we chose PostgreSQL over SQLite.", ("aiohttp", "none", "postgresql", "none")),
    ("Write a FastAPI server using SQLModel on SQLite.", ("fastapi", "none", "sqlite", "sqlalchemy")),
    ("Express app; we dropped SQLite in favor of Postgres.", ("express", "none", "postgresql", "none")),
    (
        "Use Flask. While SQLite is handy for tests, the server must use PostgreSQL.",
        ("flask", "none", "postgresql", "none"),
    ),
    ("Django app; MUST use Postgres; MUST NOT use SQLite.", ("django", "none", "postgresql", "none")),
]


def test_there_are_at_least_thirty_cases() -> None:
    assert len({text for text, _ in CASES}) >= 30


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_free_text(text: str, expected: tuple[str, str, str, str]) -> None:
    got = extract(text).constraints
    assert (got.framework, got.architecture, got.database, got.orm) == expected


def test_each_field_names_the_phrase_that_decided_it() -> None:
    text = "Write the backend in Flask. Do not use SQLite; the database is PostgreSQL. No ORM, raw psycopg is fine."
    decisions = extract(text).decisions
    assert decisions["framework"].phrase == "Write the backend in Flask."
    assert decisions["database"].phrase == "the database is PostgreSQL."
    assert decisions["orm"].value == "none" and decisions["orm"].how == "stated"
    assert decisions["orm"].phrase == "No ORM, raw psycopg is fine."
    assert decisions["architecture"].how == "default" and decisions["architecture"].phrase is None


def test_a_driver_implies_its_database() -> None:
    decision = extract("An aiohttp service that talks to its database through asyncpg.").decisions["database"]
    assert (decision.value, decision.how) == ("postgresql", "implied")


def test_an_example_inside_parentheses_asks_for_nothing() -> None:
    text = "Use Express with PostgreSQL (for example the way a SQLAlchemy app rewrites its URL)."
    assert extract(text).constraints.orm == "none"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "Flask app; use SQLite or PostgreSQL, whichever you prefer.",
            "database: the task asks for sqlite and postgresql",
        ),
        ("Use SQLite for tests and PostgreSQL in production. Framework: Koa.", "sqlite and postgresql"),
        ("Flask backend with Sequelize models.", "orm sequelize is for Node frameworks; flask is Python"),
        ("Express server written in Python.", "language Python contradicts framework express"),
        ("A Python REST server with SQLite.", "framework: the task names no framework"),
        ("Use Flask or FastAPI, both are fine.", "framework: the task asks for flask and fastapi"),
        ("Koa with Sequelize, but raw SQL queries are fine.", "orm: the task asks for sequelize and for none"),
    ],
)
def test_ambiguity_without_a_model_names_the_conflict(text: str, fragment: str) -> None:
    with pytest.raises(AmbiguousTask) as caught:
        extract(text)
    message = str(caught.value)
    assert fragment in message and "\n" not in message


def test_a_value_outside_the_catalog_is_named() -> None:
    with pytest.raises(ExtractionError, match=r"MySQL.*database is one of sqlite, postgresql, none"):
        extract("Express with MySQL.")


def _answer(framework: str, database: str, orm: str = "none", architecture: str = "none") -> ConstraintAnswer:
    def choice(value: str) -> FieldChoice:
        return FieldChoice(value=value, phrase=f"chose {value}")

    return ConstraintAnswer(framework=choice(framework), architecture=choice(architecture),
                            database=choice(database), orm=choice(orm))  # fmt: skip


def test_a_resolver_settles_only_what_the_rules_left_open() -> None:
    asked: list[ExtractionQuestion] = []

    def resolve(question: ExtractionQuestion) -> ConstraintAnswer:
        asked.append(question)
        return _answer("koa", "postgresql", orm="sequelize", architecture="clean")

    text = "Koa, with Sequelize. Use SQLite for tests and PostgreSQL in production."
    extraction = extract(text, resolve=resolve, planner="scripted")
    assert len(asked) == 1 and [c.field for c in asked[0].conflicts] == ["database"]
    assert asked[0].settled["orm"].value == "sequelize"
    got = extraction.constraints
    # The model's "clean" is not taken: the rules had decided architecture (none, by default).
    assert (got.framework, got.architecture, got.database, got.orm) == ("koa", "none", "postgresql", "sequelize")
    assert extraction.decisions["database"].how == "model" and extraction.planner == "scripted"
    assert extraction.settled[0].field == "database"


def test_a_contradiction_lets_the_model_say_which_side_gives_way() -> None:
    extraction = extract("Flask backend with Sequelize models.", resolve=lambda q: _answer("flask", "none"))
    assert (extraction.constraints.framework, extraction.constraints.orm) == ("flask", "none")
    assert extraction.decisions["orm"].how == "model" and extraction.decisions["framework"].how == "stated"


def test_an_answer_that_does_not_hold_is_asked_again_once_with_the_reason() -> None:
    problems: list[str | None] = []

    def resolve(question: ExtractionQuestion) -> ConstraintAnswer:
        problems.append(question.problem)
        return _answer("express", "sqlite")

    with pytest.raises(ExtractionError, match=r"could not settle.*language Python contradicts framework express"):
        extract("A Python REST server with SQLite.", resolve=resolve)
    assert problems == [None, "language Python contradicts framework express, which is Node"]


def test_a_given_framework_fills_the_gap_and_is_checked_against_the_text() -> None:
    extraction = extract("A REST server on SQLite.", framework="fastify")
    assert extraction.constraints.framework == "fastify" and extraction.decisions["framework"].how == "given"
    with pytest.raises(AmbiguousTask, match="--framework fastify but the task asks for koa"):
        extract("Use Koa.", framework="fastify")
