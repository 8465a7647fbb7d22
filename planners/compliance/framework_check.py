"""Is the required framework really the one serving requests?

Compliant when the framework is declared (requirements.txt / pyproject.toml / package.json), the
application code creates its app object (`Flask(...)`, `FastAPI()`, aiohttp `web.Application()`, Django
urls/settings; `express()`, `Fastify()`, `new Koa()`, `new Hono()` plus the Node adapter for Hono), and
no other web framework creates an app. Another framework merely declared is a warning.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from planners.compliance.imports import ImportGraph
from planners.compliance.jssource import JsCall, JsFile, string_value, text_of
from planners.compliance.manifests import Dependency, declared, dependencies, normalise_python
from planners.compliance.packages import FRAMEWORK_DISTS, HONO_NODE_ADAPTER, package_of
from planners.compliance.pysource import PyFile, calls
from planners.compliance.verdict import Findings, Verdict
from planners.compliance.workspace import Workspace
from planners.constraints.model import ConstraintSet

# Resolved callee -> framework whose application it creates.
_PY_APPS: dict[str, str] = {
    "flask.Flask": "flask",
    "fastapi.FastAPI": "fastapi",
    "fastapi.applications.FastAPI": "fastapi",
    "aiohttp.web.Application": "aiohttp",
    "aiohttp.web_app.Application": "aiohttp",
    "django.core.wsgi.get_wsgi_application": "django",
    "django.core.asgi.get_asgi_application": "django",
    "starlette.applications.Starlette": "starlette",
    "quart.Quart": "quart",
    "sanic.Sanic": "sanic",
    "tornado.web.Application": "tornado",
    "bottle.Bottle": "bottle",
    "falcon.App": "falcon",
    "http.server.HTTPServer": "http.server",
    "http.server.ThreadingHTTPServer": "http.server",
}
# Module-level names that only a Django project defines.
_DJANGO_NAMES = frozenset({"ROOT_URLCONF", "urlpatterns"})
# package[.member][.attribute] -> framework
_JS_APPS: dict[str, str] = {
    "express": "express",
    "express.default": "express",
    "fastify": "fastify",
    "fastify.fastify": "fastify",
    "fastify.default": "fastify",
    "koa": "koa",
    "koa.default": "koa",
    "koa.Koa": "koa",
    "hono.Hono": "hono",
    "@hapi/hapi.server": "hapi",
    "@hapi/hapi.Server": "hapi",
    "restify.createServer": "restify",
    "@nestjs/core.NestFactory.create": "nestjs",
}
_OTHER_DECLARED = {
    "python": ("flask", "fastapi", "django", "aiohttp", "starlette", "quart", "sanic", "tornado", "bottle", "falcon"),
    "node": ("express", "fastify", "koa", "hono", "@hapi/hapi", "restify", "@nestjs/core"),
}
_EXAMPLE = {
    "flask": "Flask(__name__)",
    "fastapi": "FastAPI()",
    "aiohttp": "web.Application()",
    "django": "a Django urls.py/settings.py",
    "express": "express()",
    "fastify": "Fastify()",
    "koa": "new Koa()",
    "hono": "new Hono()",
}


@dataclass(frozen=True)
class AppSite:
    framework: str
    file: str
    line: int


def _python_apps(files: list[PyFile]) -> list[AppSite]:
    sites = []
    for file in files:
        for call, callee in calls(file):
            framework = _PY_APPS.get(callee or "")
            if framework:
                sites.append(AppSite(framework, file.source.rel, call.lineno))
        if file.tree is None:
            continue
        imports_django = any(imp.module.startswith("django") for imp in file.imports)
        for node in file.tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            # settings.py needs no import; urls.py must import django.urls to be a Django URLconf.
            if "ROOT_URLCONF" in names or ("urlpatterns" in names and imports_django):
                sites.append(AppSite("django", file.source.rel, node.lineno))
    return sites


def _js_symbol(file: JsFile, call: JsCall) -> str | None:
    if not call.callee:
        # require('express')() or require('fastify')({...})
        function = call.node.child_by_field_name("function")
        if function is not None and function.type == "call_expression":
            inner = function.child_by_field_name("function")
            args = function.child_by_field_name("arguments")
            if inner is not None and text_of(inner) == "require" and args and args.named_children:
                spec = string_value(args.named_children[0])
                return package_of(spec) if spec else None
        return None
    bound = file.bound_to(call.callee[0])
    if bound is None:
        return None
    parts = [package_of(bound[0]), *([bound[1]] if bound[1] else []), *call.callee[1:]]
    return ".".join(parts)


def _js_apps(files: list[JsFile]) -> list[AppSite]:
    sites = []
    for file in files:
        for call in file.calls:
            framework = _JS_APPS.get(_js_symbol(file, call) or "")
            if framework:
                sites.append(AppSite(framework, file.source.rel, call.line))
    return sites


def check_framework(workspace: Workspace, constraints: ConstraintSet, graph: ImportGraph | None = None) -> Verdict:
    framework, language = constraints.framework, constraints.language
    findings = Findings("framework", framework)
    graph = graph or ImportGraph(workspace, language)
    deps = dependencies(workspace, language)
    manifest = "requirements.txt or pyproject.toml" if language == "python" else "package.json"

    dist = FRAMEWORK_DISTS[framework]
    wanted = declared(deps, {dist})
    if wanted:
        findings.note(f"{dist} declared in {wanted[0].file}:{wanted[0].line}")
    else:
        findings.violation(f"{dist} is not declared as a dependency in {manifest}")
    for other in _OTHER_DECLARED[language]:
        name = normalise_python(other) if language == "python" else other
        if name != dist:
            for dep in declared(deps, {name}):
                findings.warning(f"{other} is declared although the task requires {framework}", dep.file, dep.line)

    sites = _python_apps(graph.python[0]) if language == "python" else _js_apps(graph.javascript)
    own = [site for site in sites if site.framework == framework]
    for site in own:
        findings.note(f"{framework} application created at {site.file}:{site.line}")
    if not own:
        findings.violation(f"no {framework} application is created in the code (expected {_EXAMPLE[framework]})")
    for site in sites:
        if site.framework != framework:
            findings.violation(
                f"a {site.framework} application is created here; the task requires {framework}", site.file, site.line
            )
    if framework == "hono":
        _hono_adapter(graph, deps, findings)
    return findings.verdict()


def _hono_adapter(graph: ImportGraph, deps: list[Dependency], findings: Findings) -> None:
    """Hono has no server of its own on Node: `serve()` from @hono/node-server must start it."""
    declared_adapter = declared(deps, {HONO_NODE_ADAPTER})
    used = [edge for edge in graph.edges if edge.package == HONO_NODE_ADAPTER]
    if declared_adapter and used:
        findings.note(f"{HONO_NODE_ADAPTER} imported at {used[0].source}:{used[0].line}")
        return
    missing = "declared in package.json" if not declared_adapter else "imported by the code"
    findings.violation(f"{HONO_NODE_ADAPTER} is not {missing}: Hono needs it to listen on Node (serve({{ fetch }}))")
