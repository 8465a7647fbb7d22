"""The framework constraint: which package serves the API, how it is started, and its best-known trap."""

from __future__ import annotations

from pathlib import Path

from planners.compliance.framework_check import check_framework
from planners.compliance.verdict import Verdict
from planners.constraints.kind import ConstraintKind
from planners.constraints.model import ConstraintSet
from planners.constraints.obligation import Obligation

# framework -> (what to declare, how the app object is built, how run.sh starts it, the trap agents hit most)
_FACTS: dict[str, tuple[str, str, str, str]] = {
    "flask": (
        "Flask in requirements.txt",
        "Create the app with `Flask(__name__)` and register every route on it (blueprints are fine)",
        "run.sh starts it in the foreground on 0.0.0.0:8080, e.g. `exec python -m app` calling `app.run(host=...)`",
        "`request.get_json()` answers 400 to an empty JSON body: use `get_json(silent=True) or {}`; "
        "`before_first_request` no longer exists",
    ),
    "fastapi": (
        "fastapi and uvicorn in requirements.txt",
        "Create one `FastAPI()` app and include every router on it",
        "run.sh runs `exec uvicorn <module>:app --host 0.0.0.0 --port 8080`",
        "Read `Authorization: Token <jwt>` yourself (APIKeyHeader), not HTTPBearer; EmailStr needs email-validator",
    ),
    "django": (
        "Django in requirements.txt",
        "A Django project: settings with ROOT_URLCONF and ALLOWED_HOSTS = ['*'], urls.py with urlpatterns",
        "run.sh sets DJANGO_SETTINGS_MODULE and runs `exec python manage.py runserver 0.0.0.0:8080 --noreload`",
        "Set APPEND_SLASH = False so routes without a trailing slash are not redirected",
    ),
    "aiohttp": (
        "aiohttp in requirements.txt",
        "Create `web.Application()` and add every route to its router",
        "run.sh starts `web.run_app(app, host='0.0.0.0', port=8080)` in the foreground",
        "`await request.json()` fails on an empty body; open database pools in on_startup, not at import",
    ),
    "express": (
        "express in package.json",
        "Create the app with `express()`, `app.use(express.json())` before the routers, routers under /api",
        "run.sh runs `exec node <entry>.js`, listening on `process.env.PORT || 3000`",
        "Express 5 rejects '*' wildcards: end with a path-less 404 middleware; declare /articles/feed before "
        "/articles/:slug",
    ),
    "fastify": (
        "fastify in package.json",
        "Create the app with `Fastify()` and register route plugins with prefix /api",
        "run.sh runs `exec node <entry>.js`; `listen({ port: Number(process.env.PORT) || 3000, host: '0.0.0.0' })`",
        "The default JSON parser answers 400 to an empty body sent as application/json: replace it with one that "
        "maps '' to {}",
    ),
    "koa": (
        "koa, @koa/router and a body parser in package.json",
        "Create the app with `new Koa()`, a router with prefix /api, the body parser before the routes",
        "run.sh runs `exec node <entry>.js`, listening on `process.env.PORT || 3000`",
        "path-to-regexp 8 rejects '*' wildcards; set ctx.status explicitly for 201 and 204",
    ),
    "hono": (
        "hono and @hono/node-server in package.json",
        "Create the app with `new Hono()` and mount the routes under /api",
        "run.sh runs `exec node <entry>.js`; `serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 })` "
        "from @hono/node-server",
        "`await c.req.json()` throws on an empty body: fall back to {}; no Bun-only APIs on Node",
    ),
}


def obligations(constraints: ConstraintSet) -> list[Obligation]:
    name = constraints.framework
    dependency, app, start, pitfall = _FACTS[name]
    prefix = f"framework.{name}"
    return [
        Obligation(id=f"{prefix}.dependency", text=f"Declare {dependency}", kind="framework", topic="dependency"),
        Obligation(id=f"{prefix}.app", text=f"{app}; no other web framework", kind="framework", topic="entrypoint"),
        Obligation(id=f"{prefix}.start", text=start, kind="framework", topic="entrypoint"),
        Obligation(id=f"{prefix}.pitfall", text=pitfall, kind="framework", topic="pitfall"),
    ]


KIND = ConstraintKind("framework", obligations, check_framework)


def check(workspace: Path, constraints: ConstraintSet) -> Verdict:
    """Is `constraints.framework` declared and really the one serving requests in `workspace`?"""
    return KIND.check(workspace, constraints)
