"""The words a task uses for each constraint value: names, aliases, drivers that imply a value.

Patterns are matched case-insensitively on whole words. A `Term` says which field and value it names and
whether it names it (`stated`) or only implies it (`implied`: a driver names its database, a framework its
language). Values outside the catalog are `unsupported`, so a task asking for one fails with its name
instead of being silently read as unconstrained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Field = Literal["framework", "language", "architecture", "database", "orm"]
Strength = Literal["stated", "implied"]
# The value a term stands for when it says "none of them" (no ORM, no database, no particular layout).
NONE = "none"
UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class Term:
    field: Field
    value: str
    pattern: re.Pattern[str]
    strength: Strength = "stated"
    label: str = ""  # how an unsupported value is named in messages ("MySQL")


def _term(field: Field, value: str, regex: str, strength: Strength = "stated", label: str = "") -> Term:
    # Word edges that also treat `.`, `-`, `/` and `@` inside package names as part of the word.
    pattern = re.compile(rf"(?<![\w@-])(?:{regex})(?![\w-]|\.\w)", re.IGNORECASE)
    return Term(field, value, pattern, strength, label)


# An English verb sense of "express" ("express the rules") is not the framework.
_EXPRESS = r"express(?:\.?js)?(?!\s+(?:the|a|an|your|our|their|its|it|this|that|these|those|them|how|what|each)\b)"

TERMS: tuple[Term, ...] = (
    # frameworks
    _term("framework", "flask", r"flask"),
    _term("framework", "fastapi", r"fast[\s-]?api"),
    _term("framework", "django", r"django(?:\s+rest\s+framework)?|drf"),
    _term("framework", "aiohttp", r"aiohttp(?:\.web)?|aio[\s-]http"),
    _term("framework", "express", _EXPRESS),
    _term("framework", "fastify", r"fastify(?:\.?js)?"),
    _term("framework", "koa", r"koa(?:\.?js)?|@koa/router|koa-router"),
    _term("framework", "hono", r"hono(?:\.?js)?|@hono/node-server"),
    _term("framework", UNSUPPORTED, r"nest\.?js|nestjs", label="NestJS"),
    _term("framework", UNSUPPORTED, r"spring(?:\s+boot)?", label="Spring"),
    _term("framework", UNSUPPORTED, r"rails|ruby\s+on\s+rails", label="Rails"),
    _term("framework", UNSUPPORTED, r"laravel|symfony", label="a PHP framework"),
    _term("framework", UNSUPPORTED, r"sanic|tornado|starlette|litestar", label="that Python framework"),
    # languages
    _term("language", "python", r"python(?:\s*3(?:\.\d+)?)?|py3|cpython"),
    _term("language", "node", r"node(?:\.?js)?(?:\s*\d+)?|javascript|typescript|ecmascript|deno|bun"),
    _term("language", UNSUPPORTED, r"golang|go\s+language|rust|java|kotlin|ruby|php|c#|\.net", label="that language"),
    # architecture
    _term(
        "architecture",
        "clean",
        r"clean[\s-]+architecture|clean[\s-]*arch|(?:architecture|arch|layout|structure)\s*[:=]\s*clean|clean-architektur|saubere[nr]?\s+architektur"
        r"|arquitectura\s+limpia|architecture\s+propre|architettura\s+pulita|arquitetura\s+limpa"
        r"|hexagonal(?:\s+architecture)?|ports[\s-]+and[\s-]+adapters|onion\s+architecture"
        r"|layered\s+(?:architecture|design|structure|layout)|layered|n-tier|(?:three|four|3|4)[\s-]+(?:tier|layer)s?"
        r"(?:\s+architecture)?",
    ),
    # databases
    _term(
        "database",
        "postgresql",
        r"postgre(?:s|sql|ss?ql)?(?:\s*\d+)?|pgsql|psql|pg(?![*\w])|postgresql(?:\+\w+)?://[^\s`'\")]*"
        r"|postgres://[^\s`'\")]*",
    ),
    _term("database", "sqlite", r"sqlite\s*3?|sqlite:///[^\s`'\")]*|sqlite(?:\+\w+)?://[^\s`'\")]*"),
    _term(
        "database",
        "postgresql",
        r"psycopg\s*[23]?(?:-binary|\[binary\])?|asyncpg|pg-promise|pg-hstore|node-postgres"
        r"|dialect:\s*['\"]?postgres(?:ql)?",
        strength="implied",
    ),
    _term("database", "sqlite", r"aiosqlite|better-sqlite3|node-sqlite3|dialect:\s*['\"]?sqlite", strength="implied"),
    _term("database", UNSUPPORTED, r"mysql|mariadb", label="MySQL"),
    _term("database", UNSUPPORTED, r"mongo(?:db)?|mongoose", label="MongoDB"),
    _term("database", UNSUPPORTED, r"redis|dynamodb|cassandra|oracle\s+db|sql\s+server|mssql", label="that database"),
    # ORMs
    _term("orm", "sqlalchemy", r"sql[\s-]?alchemy(?:\s*2(?:\.\w+)?)?|flask[\s-]sqlalchemy|sqlmodel"),
    _term("orm", "sequelize", r"sequeli[sz]e(?:\.?js)?(?:\s*v?6)?|sequelize-typescript"),
    _term("orm", UNSUPPORTED, r"prisma", label="Prisma"),
    _term("orm", UNSUPPORTED, r"typeorm|type\s+orm", label="TypeORM"),
    _term("orm", UNSUPPORTED, r"drizzle(?:\s+orm)?", label="Drizzle"),
    _term("orm", UNSUPPORTED, r"mikro-?orm|objection(?:\.js)?|bookshelf", label="that Node ORM"),
    _term("orm", UNSUPPORTED, r"peewee|tortoise(?:\s+orm)?|pony\s*orm|ormar", label="that Python ORM"),
    _term("orm", UNSUPPORTED, r"django(?:'s)?\s+(?:built-in\s+|own\s+)?orm", label="the Django ORM"),
)

# "Use no X": the field itself named in a negated or absent sense ("no ORM", "raw SQL").
GENERIC: dict[Field, re.Pattern[str]] = {
    "orm": re.compile(r"(?<!\w)(?:orms?|object[\s-]relational\s+mapp(?:er|ing)|mapper)(?!\w)", re.IGNORECASE),
    "database": re.compile(r"(?<!\w)(?:databases?|db|datenbank|base\s+de\s+donn[ée]es|base\s+de\s+datos)(?!\w)",
                           re.IGNORECASE),
    "architecture": re.compile(r"(?<!\w)(?:architecture|architektur|arquitectura|layering|layers)(?!\w)",
                               re.IGNORECASE),
}  # fmt: skip

# Phrases that settle a field as "none" in the affirmative ("raw SQL is fine", "keep it in memory").
EXPLICIT_NONE: dict[Field, re.Pattern[str]] = {
    "orm": re.compile(
        r"(?<!\w)(?:raw|plain|hand[\s-]?written|handwritten|bare|direct|pure|straight)\s+"
        r"(?:sql|queries|psycopg\s*[23]?|pg|sqlite3|driver|better-sqlite3|node-postgres|asyncpg|db\s+driver)(?!\w)"
        r"|(?<!\w)(?:sin|sans|ohne|senza|sem)\s+(?:un\s+|une\s+|einen?\s+)?orm(?!\w)"
        r"|(?<!\w)orm[\s-]?(?:free|less)(?!\w)",
        re.IGNORECASE,
    ),
    "database": re.compile(
        r"(?<!\w)in[\s-]memory\s+(?:store|storage|data|dict|map|arrays?|lists?)(?!\w)"
        r"|(?<!\w)(?:keep|store|hold)\s+(?:everything|all\s+data|the\s+data|data)\s+in\s+memory",
        re.IGNORECASE,
    ),
    "architecture": re.compile(
        r"(?<!\w)(?:flat|single[\s-]file|one[\s-]file|any)\s+(?:structure|layout|architecture|project\s+structure)"
        r"|(?<!\w)(?:structure|layout|architecture)\s+(?:is\s+)?(?:up\s+to\s+you|your\s+choice|free|does\s+not\s+matter)",
        re.IGNORECASE,
    ),
}

# The four Clean Architecture layers, as people name them; three named together mean the pattern.
LAYER_WORDS: dict[str, re.Pattern[str]] = {
    "routes": re.compile(r"(?<!\w)(?:routes?|routers?|handlers?|controllers?|views?|endpoints?)(?!\w)", re.I),
    "services": re.compile(r"(?<!\w)(?:services?|use[\s_-]?cases?|business\s+logic|interactors?)(?!\w)", re.I),
    "repositories": re.compile(r"(?<!\w)(?:repositor(?:y|ies)|repos|data[\s_-]access|dao|dal|gateways?)(?!\w)", re.I),
    "models": re.compile(r"(?<!\w)(?:models?|entities|entity|domain(?:\s+objects)?)(?!\w)", re.I),
}
