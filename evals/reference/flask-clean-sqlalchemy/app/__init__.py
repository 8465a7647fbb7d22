"""Conduit (RealWorld) API: Flask + SQLAlchemy, layered routes -> services -> repositories -> models."""

from __future__ import annotations

from flask import Flask

from .config import Settings
from .cors import install_cors
from .repositories.database import create_schema, init_database, remove_session
from .routes import register_routes
from .security import tokens


def create_app(settings: Settings | None = None) -> Flask:
    """Build the application: database and schema, token secret, routes, CORS."""
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    # Keep the documented key order in responses instead of sorting keys.
    app.json.sort_keys = False  # type: ignore[attr-defined]

    engine = init_database(settings.database_url)
    create_schema(engine)
    tokens.configure(settings.jwt_secret)

    # One session per request thread, discarded when the request ends (even after an error).
    app.teardown_appcontext(lambda _error: remove_session())

    install_cors(app)
    register_routes(app)
    return app
