"""Which template renders to which file, for one stack and one domain model.

Clean Architecture puts each layer in its own directory (routes -> services -> repositories -> models,
the names planners.compliance.layers recognises); the flat layout keeps one package with the routes
calling a store module directly. Logical module names ("routes.health", "repositories.example") map to
files, so templates import each other by name whatever the layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from planners.schema.domain import DomainModel
from planners.schema.stack import Stack


@dataclass(frozen=True)
class Planned:
    template: str
    path: str
    executable: bool = False


def module_paths(stack: Stack, domain: DomainModel) -> dict[str, str]:
    """Logical module -> file path (without extension) in the workspace."""
    root = "app" if stack.language == "python" else "src"
    example = domain.example.entity
    if stack.clean:
        return {
            "config": f"{root}/config",
            "tokens": f"{root}/tokens",
            "routes.health": f"{root}/routes/health",
            "routes.example": f"{root}/routes/{example}",
            "routes.auth": f"{root}/routes/auth",
            "routes.payload": f"{root}/routes/payload",
            "services.example": f"{root}/services/{example}",
            "repositories.example": f"{root}/repositories/{example}",
            "database": f"{root}/repositories/database",
            "schema": f"{root}/repositories/schema",
            "models": f"{root}/models/entities",
        }
    return {
        "config": f"{root}/config",
        "tokens": f"{root}/tokens",
        "routes.health": f"{root}/health",
        "routes.example": f"{root}/{example}",
        "routes.auth": f"{root}/auth",
        "routes.payload": f"{root}/payload",
        "services.example": f"{root}/store",  # no services layer: routes call the store
        "repositories.example": f"{root}/store",
        "database": f"{root}/database",
        "schema": f"{root}/schema",
        "models": f"{root}/entities",
    }


def planned_files(stack: Stack, domain: DomainModel) -> list[Planned]:
    paths = module_paths(stack, domain)
    if stack.language == "python":
        return _python(stack, paths)
    return _node(stack, paths)


def _python(stack: Stack, paths: dict[str, str]) -> list[Planned]:
    fw = f"python/{stack.framework}"
    files = [
        Planned("python/run.sh.j2", "run.sh", executable=True),
        Planned("python/requirements.txt.j2", "requirements.txt"),
        Planned("python/package.py.j2", "app/__init__.py"),
        Planned("python/config.py.j2", paths["config"] + ".py"),
        Planned("python/tokens.py.j2", paths["tokens"] + ".py"),
        Planned(f"{fw}/health.py.j2", paths["routes.health"] + ".py"),
        Planned(f"{fw}/example.py.j2", paths["routes.example"] + ".py"),
        Planned(f"{fw}/auth.py.j2", paths["routes.auth"] + ".py"),
        Planned(f"{fw}/payload.py.j2", paths["routes.payload"] + ".py"),
        Planned("python/repository.py.j2", paths["repositories.example"] + ".py"),
    ]
    if stack.orm == "sqlalchemy":
        files += [
            Planned("python/database_sqlalchemy.py.j2", paths["database"] + ".py"),
            Planned("python/entities_sqlalchemy.py.j2", paths["models"] + ".py"),
        ]
    else:
        files += [
            Planned("python/database_driver.py.j2", paths["database"] + ".py"),
            Planned("python/entities_dataclasses.py.j2", paths["models"] + ".py"),
            Planned("common/schema.sql.j2", paths["schema"] + ".sql"),
        ]
    if stack.clean:
        files += [
            Planned("python/service.py.j2", paths["services.example"] + ".py"),
            Planned("python/layer.py.j2", "app/routes/__init__.py"),
            Planned("python/layer.py.j2", "app/services/__init__.py"),
            Planned("python/layer.py.j2", "app/repositories/__init__.py"),
            Planned("python/layer.py.j2", "app/models/__init__.py"),
        ]
    runner = [Planned(f"{fw}/main.py.j2", "app/__main__.py"), Planned(f"{fw}/application.py.j2", "app/application.py")]
    files += {
        "flask": runner,
        "aiohttp": runner,
        "fastapi": [Planned(f"{fw}/application.py.j2", "app/main.py")],
        "django": [
            Planned(f"{fw}/manage.py.j2", "manage.py"),
            Planned(f"{fw}/settings.py.j2", "app/settings.py"),
            Planned(f"{fw}/urls.py.j2", "app/urls.py"),
            Planned(f"{fw}/apps.py.j2", "app/apps.py"),
        ],
    }[stack.framework]
    return files


def _node(stack: Stack, paths: dict[str, str]) -> list[Planned]:
    fw = f"node/{stack.framework}"
    files = [
        Planned("node/run.sh.j2", "run.sh", executable=True),
        Planned("node/package.json.j2", "package.json"),
        Planned("node/server.js.j2", "src/server.js"),
        Planned(f"{fw}/app.js.j2", "src/app.js"),
        Planned("node/config.js.j2", paths["config"] + ".js"),
        Planned("node/tokens.js.j2", paths["tokens"] + ".js"),
        Planned(f"{fw}/health.js.j2", paths["routes.health"] + ".js"),
        Planned(f"{fw}/example.js.j2", paths["routes.example"] + ".js"),
        Planned(f"{fw}/auth.js.j2", paths["routes.auth"] + ".js"),
        Planned("node/repository.js.j2", paths["repositories.example"] + ".js"),
    ]
    if stack.orm == "sequelize":
        files += [
            Planned("node/database_sequelize.js.j2", paths["database"] + ".js"),
            Planned("node/entities_sequelize.js.j2", paths["models"] + ".js"),
        ]
    else:
        files += [
            Planned(f"node/database_{stack.driver}.js.j2", paths["database"] + ".js"),
            Planned("node/entities_rows.js.j2", paths["models"] + ".js"),
            Planned("common/schema.sql.j2", paths["schema"] + ".sql"),
        ]
    if stack.clean:
        files.append(Planned("node/service.js.j2", paths["services.example"] + ".js"))
    if stack.framework == "hono":
        files.append(Planned(f"{fw}/payload.js.j2", paths["routes.payload"] + ".js"))
    return files
