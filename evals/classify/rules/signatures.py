"""Error signatures of server logs, each tied to the root cause it reveals.

The patterns are the symptoms documented for these stacks (research/framework-gotchas.md: X-*, FST-*,
DJ-*, FA-*, SA-*, SEQ-*, DB-*...) and the definitions of the published taxonomy. `strength` 2 names
one cause precisely; 1 is a generic wrapper (SequelizeDatabaseError, OperationalError) that a
precise signature in the same log overrides.

Where the data layer fails, the line drawn is: the SQL (or ORM query) itself is wrong -> incorrect
query logic (unknown column, dialect-specific operator, bad join, a JS object bound as a value);
the machinery around a valid query fails -> database runtime error (session/connection lifecycle,
parameter binding, missing tables, constraint violations, type adaptation, ORM mapping config).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Signature:
    id: str
    family: str  # a logic subcategory, or "startup" (only meaningful when the server never answered)
    pattern: re.Pattern[str]
    strength: int = 2


def _sig(id: str, family: str, *alternatives: str, strength: int = 2) -> Signature:
    return Signature(id, family, re.compile("|".join(alternatives), re.IGNORECASE), strength)


DB = "database_runtime_error"
QUERY = "incorrect_query_logic"
AUTH = "auth_misconfiguration"
FRAMEWORK = "framework_idiosyncrasy"

SIGNATURES: tuple[Signature, ...] = (
    # database runtime: session and connection lifecycle (SA-02, SA-03, AIO-03)
    _sig("db.detached_instance", DB, r"DetachedInstanceError", r"is not bound to a Session"),
    _sig("db.not_persistent", DB, r"is not persistent within this Session", r"PendingRollbackError"),
    _sig("db.missing_greenlet", DB, r"MissingGreenlet", r"greenlet_spawn has not been called"),
    _sig("db.pool_exhausted", DB, r"QueuePool limit of size"),
    _sig("db.connection_reuse", DB, r"another operation is in progress", r"released back to the pool"),
    _sig("db.connection_leak", DB, r"non-checked-in connection"),
    _sig("db.thread_reuse", DB, r"threads can only be started once", r"attached to a different loop"),
    _sig(
        "db.closed", DB, r"closed database", r"Cursor is closed", r"connection (is|already) closed", r"pool is closed"
    ),
    _sig(
        "db.unawaited_session", DB, r"coroutine '[\w.]*(session|connect|db|database|engine|pool)\w*' was never awaited"
    ),
    _sig("db.transaction_aborted", DB, r"current transaction is aborted", r"InFailedSqlTransaction"),
    # database runtime: schema and mapping (SA-01, SA-06, SEQ-02..04, DJ-05)
    _sig("db.missing_table", DB, r"no such table", r"relation \"[^\"]+\" does not exist", r"has no column named"),
    _sig("db.eager_loading", DB, r"SequelizeEagerLoadingError", r"is not associated to"),
    _sig(
        "db.mapper_config",
        DB,
        r"Mapper '?[^']*'? has no property",
        r"UnmappedInstanceError",
        r"is an invalid keyword argument for",
    ),
    _sig("db.row_misuse", DB, r"'sqlite3\.Row' object", r"Row' object does not support item assignment"),
    # database runtime: constraints, binding and type adaptation (DB-01, DB-02, DB-07, SA-07)
    _sig(
        "db.integrity",
        DB,
        r"IntegrityError",
        r"UNIQUE constraint failed",
        r"duplicate key value",
        r"UniqueConstraintError",
        r"NOT NULL constraint failed",
        r"violates (foreign key|not-null) constraint",
    ),
    _sig(
        "db.binding",
        DB,
        r"SQLITE_RANGE",
        r"column index out of range",
        r"bind message supplies",
        r"Incorrect number of bindings",
        r"could not determine data type of parameter",
        r"42P18",
    ),
    _sig("db.datetime", DB, r"offset-naive and offset-aware"),
    _sig(
        "db.cannot_open", DB, r"SQLITE_CANTOPEN", r"unable to open database file", r"database is locked", r"SQLITE_BUSY"
    ),
    _sig("db.operational", DB, r"OperationalError", r"SequelizeConnectionError", strength=1),
    # incorrect query logic (SA-04, SA-05, SEQ-05, SEQ-06, DJ-06, DB-02..05)
    _sig("query.unknown_column", QUERY, r"no such column", r"column \"?[\w.\"]+\"? does not exist", r"Unknown column"),
    _sig(
        "query.dialect_operator",
        QUERY,
        r"unrecognized token: \"@\"",
        r"operator does not exist",
        r"contains lookup is not supported",
        r"Operator '\w+' is not supported",
    ),
    _sig("query.syntax", QUERY, r"syntax error at or near", r"SQLITE_ERROR: near", r": syntax error"),
    _sig(
        "query.join",
        QUERY,
        r"Don't know how to join",
        r"missing FROM-clause entry",
        r"ambiguous column name",
        r"is ambiguous",
    ),
    _sig("query.unique_rows", QUERY, r"unique\(\) method must be invoked"),
    _sig("query.group_by", QUERY, r"must appear in the GROUP BY clause"),
    _sig(
        "query.value_type",
        QUERY,
        r"invalid input syntax for type",
        r"\[object Object\]",
        r"argument of (LIMIT|OFFSET) must be",
        r"values\.map is not a function",
    ),
    _sig("query.not_supported", QUERY, r"NotSupportedError", r"NotImplementedError.*(contains|ARRAY)"),
    _sig(
        "query.rejected_sql",
        QUERY,
        r"SequelizeDatabaseError",
        r"SQLITE_ERROR",
        r"dialects/\w+/query\.js",
        r"ProgrammingError",
        strength=1,
    ),
    # auth (X-04, X-09, X-10, FST-05, FL-04, FA-02)
    _sig(
        "auth.bearer_only",
        AUTH,
        r"Format is Authorization: Bearer",
        r"FST_JWT_",
        r"Bad Authorization header",
        r"NoAuthorizationError",
        r"Missing Authorization Header",
    ),
    _sig("auth.jwt_subject", AUTH, r"InvalidSubjectError", r"Subject must be a string"),
    _sig(
        "auth.jwt_invalid",
        AUTH,
        r"JsonWebTokenError",
        r"jwt malformed",
        r"invalid signature",
        r"Signature verification failed",
        r"InvalidTokenError",
        r"ExpiredSignatureError",
        r"TokenExpiredError",
        r"Not enough segments",
        r"secretOrPrivateKey must have a value",
    ),
    _sig("auth.password_hash", AUTH, r"password cannot be longer than 72 bytes"),
    _sig("auth.missing_user", AUTH, r"KeyError: '(user|current_user)'", strength=1),
    # framework defaults (FST-01, X-06, DJ-01..04, FL-02, FL-03, HONO-01..03, FST-06)
    _sig(
        "framework.empty_json_body",
        FRAMEWORK,
        r"FST_ERR_CTP_EMPTY_JSON_BODY",
        r"Body cannot be empty when content-type",
        r"Failed to decode JSON object",
        r"Unexpected end of JSON input",
        r"Expecting value: line 1 column 1 \(char 0\)",  # json.loads of an empty body (aiohttp, Django)
    ),
    _sig("framework.append_slash", FRAMEWORK, r"APPEND_SLASH", r"doesn't end in a slash"),
    # A followed redirect is often harmless, so an access line alone is only a weak sign.
    _sig("framework.redirect", FRAMEWORK, r"\"(GET|POST|PUT|DELETE|PATCH) /api\S* HTTP/[\d.]+\" 30[178]\b", strength=1),
    _sig("framework.method_not_allowed", FRAMEWORK, r"Method Not Allowed: /api"),
    _sig("framework.host_header", FRAMEWORK, r"Invalid HTTP_HOST header"),
    _sig("framework.csrf", FRAMEWORK, r"CSRF verification failed", r"CSRF token missing"),
    _sig("framework.media_type", FRAMEWORK, r"FST_ERR_CTP_INVALID_MEDIA_TYPE", r"Did not attempt to load JSON data"),
    _sig("framework.route_kwargs", FRAMEWORK, r"got an unexpected keyword argument '\w+_?id'"),
    _sig(
        "framework.node_adapter",
        FRAMEWORK,
        r"duplex option is required",
        r"raw\.headers\.get is not a function",
        r"Context is not finalized",
    ),
    _sig("framework.reply_sent", FRAMEWORK, r"Reply was already sent", r"FST_ERR_REP_ALREADY_SENT"),
    # start-up (X-01, X-02, X-07, X-08, EXP-01, KOA-02, HONO-01, HONO-04, DJ-03, FA-05, FA-06, FL-01)
    _sig("startup.port_in_use", "startup", r"EADDRINUSE", r"Errno 98", r"address already in use"),
    _sig("startup.syntax_error", "startup", r"SyntaxError", r"IndentationError"),
    _sig(
        "startup.missing_module",
        "startup",
        r"ModuleNotFoundError",
        r"No module named",
        r"Cannot find module",
        r"ERR_MODULE_NOT_FOUND",
        r"ImportError",
        r"email-validator is not installed",
        r"Please install \w+ package manually",
    ),
    _sig("startup.permission", "startup", r"Permission denied"),
    _sig("startup.no_entrypoint", "startup", r"run\.sh: not found", r"No such file or directory", r"can't open file"),
    _sig("startup.route_pattern", "startup", r"Missing parameter name"),
    _sig(
        "startup.node_adapter",
        "startup",
        r"listen is not a function",
        r"Bun is not defined",
        r"ERR_PACKAGE_PATH_NOT_EXPORTED",
        r"Cannot use import statement outside a module",
        r"require is not defined in ES module",
    ),
    _sig(
        "startup.config",
        "startup",
        r"ImproperlyConfigured",
        r"DJANGO_SETTINGS_MODULE",
        r"Error loading ASGI app",
        r"before_first_request",
    ),
    _sig("startup.missing_tool", "startup", r"command not found", r"no such option"),
    _sig(
        "startup.db_connect",
        "startup",
        r"ECONNREFUSED",
        r"could not connect to server",
        r"Connection refused",
        r"password authentication failed",
    ),
    _sig(
        "startup.loopback_bind",
        "startup",
        r"(listening|running) on:? (https?://)?(127\.0\.0\.1|\[::1\])",
        r"bound to loopback only",
    ),
    _sig(
        "startup.crash",
        "startup",
        r"Traceback \(most recent call last\)",
        r"Uncaught",
        r"triggerUncaughtException",
        r"exited with code",
        strength=1,
    ),
)
