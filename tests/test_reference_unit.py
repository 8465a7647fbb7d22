"""The Flask + SQLAlchemy reference backend: layering rules, configuration, and a live smoke run."""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tools.apps import AppLimits, AppProcess, plan_start
from tools.apps.environment import app_environment, new_marker
from tools.apps.install import install_dependencies
from tools.procs.ports import free_port

REFERENCE = Path(__file__).resolve().parents[1] / "evals" / "reference" / "flask-clean-sqlalchemy"
APP = REFERENCE / "app"
TIMESTAMP = re.compile(r"^\d{4,}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d+(?:[+-][0-2]\d:[0-5]\d|Z)$")


def _imported_modules(path: Path) -> set[str]:
    """Absolute module names a file imports; relative imports are resolved against the `app` package."""
    package = list(path.relative_to(REFERENCE).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def _layer_imports(layer: str) -> set[str]:
    return {name for path in (APP / layer).rglob("*.py") for name in _imported_modules(path)}


@pytest.mark.parametrize(
    ("layer", "forbidden"),
    [
        ("routes", ("sqlalchemy", "psycopg", "app.repositories", "app.models")),
        ("services", ("sqlalchemy", "psycopg", "flask", "app.routes")),
        ("repositories", ("flask", "app.routes", "app.services")),
        ("models", ("flask", "app.routes", "app.services", "app.repositories")),
        ("security", ("flask", "sqlalchemy", "app.routes", "app.services", "app.repositories")),
    ],
)
def test_imports_only_point_down(layer: str, forbidden: tuple[str, ...]) -> None:
    bad = sorted(
        name for name in _layer_imports(layer) if any(name == f or name.startswith(f + ".") for f in forbidden)
    )
    assert bad == [], f"{layer} imports {bad}"


def test_database_url_is_routed_to_psycopg3() -> None:
    spec = importlib.util.spec_from_file_location("reference_config", APP / "config.py")
    assert spec is not None and spec.loader is not None
    config = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules while the class is being built.
    sys.modules[spec.name] = config
    try:
        spec.loader.exec_module(config)
    finally:
        del sys.modules[spec.name]
    normalize = config.normalize_database_url
    assert normalize("postgres://u:p@h:5432/db") == "postgresql+psycopg://u:p@h:5432/db"
    assert normalize("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


@pytest.fixture
def server(tmp_path: Path, sqlite) -> Iterator[str]:
    """The reference started the way the harness starts any backend: its own virtualenv and session."""
    plan = plan_start(REFERENCE)
    installed = install_dependencies(REFERENCE, plan.language, timeout_s=600)
    assert installed.ok, installed.log_tail
    database = sqlite.create("smoke")
    port = free_port()
    env = app_environment(
        port=port, marker=new_marker(), database_env=database.env, install_env=installed.env, jwt_secret="smoke"
    )
    app = AppProcess(plan, env, port, AppLimits(startup_s=30), tmp_path / "server.log")
    app.start()
    try:
        app.wait_ready()
        yield app.base_url
    finally:
        app.stop()
        sqlite.drop(database)


def test_smoke_article_lifecycle(server: str) -> None:
    with httpx.Client(base_url=server, timeout=10) as client:
        user = {"username": "smoke", "email": "smoke@example.com", "password": "password123"}
        registered = client.post("/api/users", json={"user": user})
        assert registered.status_code == 201
        assert registered.json()["user"]["bio"] is None
        auth = {"Authorization": f"Token {registered.json()['user']['token']}"}

        assert client.get("/api/user", headers={"Authorization": "Bearer x"}).json() == {
            "errors": {"token": ["is missing"]}
        }

        article = {"title": "Smoke", "description": "d", "body": "b", "tagList": ["training", "dragons"]}
        created = client.post("/api/articles", headers=auth, json={"article": article})
        assert created.status_code == 201
        body = created.json()["article"]
        assert body["tagList"] == ["dragons", "training"]
        assert TIMESTAMP.match(body["createdAt"]) and TIMESTAMP.match(body["updatedAt"])

        updated = client.put(f"/api/articles/{body['slug']}", headers=auth, json={"article": {"body": "c"}})
        assert updated.json()["article"]["updatedAt"] != body["updatedAt"]
        assert updated.json()["article"]["createdAt"] == body["createdAt"]

        listed = client.get("/api/articles").json()
        assert listed["articlesCount"] == 1 and "body" not in listed["articles"][0]

        assert client.post(f"/api/articles/{body['slug']}/comments", headers=auth, json={}).status_code == 422
        assert client.delete(f"/api/articles/{body['slug']}", headers=auth).status_code == 204
        missing = client.get(f"/api/articles/{body['slug']}")
        assert missing.status_code == 404 and missing.json() == {"errors": {"article": ["not found"]}}
