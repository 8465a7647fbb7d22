"""Quality and speed of convention retrieval (printed figures, not a test).

Queries are what an agent meets: an exception line, a log line, a failing response, a symptom in
words; each names the stack it was met on and the cards that answer it. Figures:
- recall@3 (an expected card among the first three) and MRR, over the cards, with the stack filter;
- median query latency;
- the build time of the card index;
- indexing the installed packages of an Express + Sequelize workspace (created once with npm under
  ~/.cache/cagent/bench-retrieval/express-sequelize when missing; pass --workspace to use another).

Targets: recall@3 >= 0.9, median latency <= 20 ms, card index <= 1 s, Express + Sequelize <= 5 s.
"""

# ruff: noqa: E501  (the queries are quoted whole, as an agent meets them)
from __future__ import annotations

import argparse
import statistics
import subprocess
import time
from pathlib import Path

from retrieval.card import load_cards
from retrieval.document import card_document
from retrieval.index import DocsIndex
from retrieval.library import ConventionLibrary
from retrieval.stack import Stack

FASTIFY = Stack(language="node", framework="fastify", orm="none", database="postgresql")
EXPRESS_SEQ = Stack(language="node", framework="express", orm="sequelize", database="postgresql")
KOA_SQLITE = Stack(language="node", framework="koa", orm="none", database="sqlite")
HONO_PG = Stack(language="node", framework="hono", orm="none", database="postgresql")
FLASK_SA = Stack(language="python", framework="flask", orm="sqlalchemy", database="postgresql")
FASTAPI_SA = Stack(language="python", framework="fastapi", orm="sqlalchemy", database="sqlite")
DJANGO_PG = Stack(language="python", framework="django", orm="none", database="postgresql")
AIOHTTP_PG = Stack(language="python", framework="aiohttp", orm="none", database="postgresql")

# (stack, query, expected card ids: any of them counts)
QUERIES: list[tuple[Stack, str, set[str]]] = [
    (
        FASTIFY,
        '{"statusCode":400,"code":"FST_ERR_CTP_EMPTY_JSON_BODY","error":"Bad Request"}',
        {"fastify-empty-json-body"},
    ),
    (
        FASTIFY,
        "POST /api/articles/my-slug/favorite returns 400 before my handler is even called",
        {"fastify-empty-json-body", "conduit-empty-body-endpoints"},
    ),
    (
        FASTIFY,
        "curl localhost:3000 works but the health check from the harness gets connection refused",
        {"harness-bind-all-interfaces", "fastify-listen-options"},
    ),
    (
        FASTIFY,
        "FST_JWT_NO_AUTHORIZATION_IN_HEADER on GET /api/articles without a token",
        {"fastify-auth-scope-and-jwt", "conduit-optional-auth-public-reads"},
    ),
    (
        FASTIFY,
        "response is missing the favorited and following fields although the handler sets them",
        {"fastify-response-schema-strips-fields"},
    ),
    (FASTIFY, "[fastify] Reply was already sent, did you forget to return reply?", {"fastify-async-handler-reply"}),
    (
        FASTIFY,
        "error: argument of LIMIT must be type bigint, not type text",
        {"postgres-strict-types", "fastify-schemas-and-query-types"},
    ),
    (
        EXPRESS_SEQ,
        "TypeError: Missing parameter name at 6: https://git.new/pathToRegexpError",
        {"express5-route-path-syntax"},
    ),
    (EXPRESS_SEQ, "Error: Please install pg package manually", {"sequelize-drivers-and-constructor"}),
    (
        EXPRESS_SEQ,
        "SequelizeEagerLoadingError: User is associated to Article using an alias. You've included an alias (User), but it does not match the alias(es) defined in your association (author).",
        {"sequelize-association-aliases"},
    ),
    (EXPRESS_SEQ, "TypeError: user.addFavorite is not a function", {"sequelize-belongs-to-many-mixins"}),
    (
        EXPRESS_SEQ,
        "articlesCount is 3 but only 2 articles exist when I include tags",
        {"sequelize-count-with-includes"},
    ),
    (EXPRESS_SEQ, 'SequelizeDatabaseError: relation "Articles" does not exist', {"sequelize-define-associate-sync"}),
    (
        EXPRESS_SEQ,
        "SequelizeUniqueConstraintError: Validation error on register with the same email, server answers 500",
        {"sequelize-validation-and-unique-errors"},
    ),
    (
        EXPRESS_SEQ,
        "TypeError: Cannot destructure property 'user' of 'req.body' as it is undefined.",
        {"express-json-body-parsing"},
    ),
    (
        EXPRESS_SEQ,
        "server process exits in the middle of the test run after an exception inside an async route handler",
        {"express-async-errors"},
    ),
    (
        EXPRESS_SEQ,
        "every request after login returns 401 although the token is valid; client sends Authorization: Token eyJhbGci",
        {"conduit-token-auth-header"},
    ),
    (KOA_SQLITE, "ctx.request.body is undefined in my POST /api/users handler", {"koa-bodyparser-request-body"}),
    (
        KOA_SQLITE,
        "TypeError: Missing parameter name at 1 when registering router.all('(.*)')",
        {"koa-router-prefix-and-paths"},
    ),
    (KOA_SQLITE, "SQLITE_CANTOPEN: unable to open database file", {"sqlite-file-foreign-keys-locking"}),
    (
        KOA_SQLITE,
        "favorited comes back as 1 instead of true",
        {"sqlite-booleans-and-timestamps", "conduit-integer-counts"},
    ),
    (KOA_SQLITE, "this.lastID is undefined after db.run insert", {"node-sqlite3-callbacks"}),
    (HONO_PG, "TypeError: app.listen is not a function", {"hono-node-server-adapter"}),
    (HONO_PG, "SyntaxError: Unexpected end of JSON input at favorite endpoint", {"hono-req-json-empty-body"}),
    (HONO_PG, 'favoritesCount is "1" (a string) in the response', {"node-pg-pool-and-types", "conduit-integer-counts"}),
    (HONO_PG, "error: function uuid_generate_v4() does not exist", {"postgres-uuid-arrays-json"}),
    (HONO_PG, "SyntaxError: Cannot use import statement outside a module", {"node-esm-commonjs-typescript"}),
    (
        FLASK_SA,
        "AttributeError: 'Flask' object has no attribute 'before_first_request'",
        {"flask-startup-and-create-all"},
    ),
    (
        FLASK_SA,
        "400 Bad Request: Failed to decode JSON object: Expecting value: line 1 column 1 (char 0)",
        {"flask-get-json-strict"},
    ),
    (
        FLASK_SA,
        "sqlalchemy.orm.exc.DetachedInstanceError: Parent instance <User at 0x7f> is not bound to a Session; lazy load operation of attribute 'following' cannot proceed",
        {"sqlalchemy-session-per-request"},
    ),
    (
        FLASK_SA,
        "sqlalchemy.exc.NoSuchModuleError: Can't load plugin: sqlalchemy.dialects:postgres",
        {"sqlalchemy-database-urls-drivers"},
    ),
    (FLASK_SA, 'psycopg2.errors.UndefinedTable: relation "tags" does not exist', {"sqlalchemy-create-all-imports"}),
    (
        FLASK_SA,
        "createdAt is 'Wed, 01 May 2024 10:00:00 GMT' and the ISO 8601 test fails",
        {"flask-json-dates-and-jwt-extended", "conduit-iso-timestamps"},
    ),
    (
        FLASK_SA,
        "TypeError: delete_comment() got an unexpected keyword argument 'id'",
        {"flask-routing-arguments-and-slashes"},
    ),
    (
        FASTAPI_SA,
        '{"detail":[{"type":"missing","loc":["body","email"],"msg":"Field required"}]} on POST /api/users',
        {"fastapi-wrapped-request-bodies"},
    ),
    (
        FASTAPI_SA,
        "ImportError: email-validator is not installed, run `pip install pydantic[email]`",
        {"pydantic-v2-models"},
    ),
    (
        FASTAPI_SA,
        "sqlalchemy.exc.MissingGreenlet: greenlet_spawn has not been called; can't call await_only() here",
        {"sqlalchemy-async-no-implicit-io"},
    ),
    (
        FASTAPI_SA,
        "GET /api/articles/feed returns 404 article not found",
        {"fastapi-route-order-and-slashes", "conduit-feed-route-order"},
    ),
    (
        FASTAPI_SA,
        '{"detail":"Not authenticated"} on GET /api/profiles/celeb',
        {"fastapi-token-auth-dependency", "conduit-optional-auth-public-reads"},
    ),
    (FASTAPI_SA, 'ERROR: Error loading ASGI app. Could not import module "main".', {"fastapi-startup-and-sessions"}),
    (
        FASTAPI_SA,
        "sqlalchemy.exc.InvalidRequestError: The unique() method must be invoked on this Result, as it contains results that include joined eager loads against collections",
        {"sqlalchemy-select-joins-unique"},
    ),
    (
        FASTAPI_SA,
        "SQLite objects created in a thread can only be used in that same thread",
        {"sqlalchemy-database-urls-drivers", "python-sqlite3-module"},
    ),
    (
        DJANGO_PG,
        "RuntimeError: You called this URL via POST, but the URL doesn't end in a slash and you have APPEND_SLASH set.",
        {"django-append-slash"},
    ),
    (
        DJANGO_PG,
        "Invalid HTTP_HOST header: 'conduit:8080'. You may need to add 'conduit' to ALLOWED_HOSTS.",
        {"django-allowed-hosts-and-settings"},
    ),
    (DJANGO_PG, "Forbidden (CSRF cookie not set.): /api/users", {"django-csrf-and-method-dispatch"}),
    (
        DJANGO_PG,
        'django.db.utils.ProgrammingError: relation "api_article" does not exist',
        {"django-migrations-and-postgres"},
    ),
    (DJANGO_PG, "unauthenticated requests get 403 instead of 401 with rest framework", {"django-drf-401-vs-403"}),
    (
        DJANGO_PG,
        'django.db.utils.ProgrammingError: column "articles.title" must appear in the GROUP BY clause or be used in an aggregate function',
        {"postgres-group-by-and-counts"},
    ),
    (
        AIOHTTP_PG,
        "asyncpg.exceptions._base.InterfaceError: cannot perform operation: another operation is in progress",
        {"aiohttp-database-lifecycle", "python-asyncpg-usage"},
    ),
    (
        AIOHTTP_PG,
        "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0) in await request.json()",
        {"aiohttp-request-json-empty-body"},
    ),
    (AIOHTTP_PG, "TypeError: Object of type datetime is not JSON serializable", {"python-json-serialization-rows"}),
    (
        AIOHTTP_PG,
        "ValueError: password cannot be longer than 72 bytes, truncate manually if necessary",
        {"python-passlib-bcrypt-5"},
    ),
    (AIOHTTP_PG, "jwt.exceptions.InvalidSubjectError: Subject must be a string", {"python-pyjwt-sub-string"}),
    (
        AIOHTTP_PG,
        'psycopg.errors.UniqueViolation: duplicate key value violates unique constraint "users_email_key"',
        {"sql-unique-violations-and-returning"},
    ),
    (AIOHTTP_PG, "bio is missing from the profile response for a new user", {"conduit-null-bio-image"}),
    (
        FLASK_SA,
        'tagList comes back as ["training", "dragons"] but the test expects dragons first',
        {"conduit-sorted-tag-lists"},
    ),
    (EXPRESS_SEQ, "Error: listen EADDRINUSE: address already in use :::3000", {"harness-port-in-use"}),
    (HONO_PG, 'error: syntax error at or near "?"', {"sql-placeholder-syntax"}),
]

BENCH_HOME = Path.home() / ".cache" / "cagent" / "bench-retrieval"
EXPRESS_PACKAGES = ["express@5", "sequelize@6", "pg@8", "pg-hstore@2", "jsonwebtoken@9", "bcryptjs@2"]


def express_sequelize_workspace() -> Path:
    workspace = BENCH_HOME / "express-sequelize"
    if not (workspace / "node_modules" / "sequelize" / "package.json").is_file():
        workspace.mkdir(parents=True, exist_ok=True)
        (workspace / "package.json").write_text('{"name": "bench-express-sequelize", "private": true}\n')
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", *EXPRESS_PACKAGES], cwd=workspace, check=True)
    return workspace


def quality(index: DocsIndex) -> tuple[float, float, list[float], list[str]]:
    found_at_3 = 0
    reciprocal: list[float] = []
    latencies: list[float] = []
    misses: list[str] = []
    for stack, query, expected in QUERIES:
        started = time.perf_counter()
        hits = index.search(query, stack=stack, k=10, kind="card")
        latencies.append(time.perf_counter() - started)
        ranks = [rank for rank, hit in enumerate(hits, 1) if hit.id in expected]
        first = ranks[0] if ranks else None
        found_at_3 += 1 if first is not None and first <= 3 else 0
        reciprocal.append(1.0 / first if first else 0.0)
        if first is None or first > 3:
            misses.append(
                f"  {stack.label()}: {query[:90]!r} -> {[h.id for h in hits[:3]]} (expected {sorted(expected)})"
            )
    return found_at_3 / len(QUERIES), statistics.fmean(reciprocal), latencies, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, help="an installed Node workspace to index instead")
    args = parser.parse_args()

    cards = load_cards()
    started = time.perf_counter()
    index = DocsIndex([card_document(card) for card in cards])
    build_s = time.perf_counter() - started
    recall, mrr, latencies, misses = quality(index)
    print(f"queries: {len(QUERIES)}, cards: {len(cards)}")
    print(f"recall@3: {recall:.3f} (target >= 0.9)   MRR: {mrr:.3f}")
    print(f"query latency: median {statistics.median(latencies) * 1000:.2f} ms, max {max(latencies) * 1000:.2f} ms")
    print(f"card index build: {build_s:.3f} s (target <= 1 s)")
    if misses:
        print("not in the top 3:")
        print("\n".join(misses))

    workspace = args.workspace or express_sequelize_workspace()
    library = ConventionLibrary(cards, workspace=workspace)
    started = time.perf_counter()
    library.reindex()
    package_s = time.perf_counter() - started
    passages = sum(1 for document in library.index.documents if document.kind == "package")
    print(
        f"installed packages of {workspace.name}: {len(library.packages)} packages, {passages} passages, "
        f"indexed in {package_s:.2f} s (target <= 5 s)"
    )


if __name__ == "__main__":
    main()
