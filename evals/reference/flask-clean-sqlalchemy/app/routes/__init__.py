"""HTTP layer: blueprints that parse requests, call services and serialize their views."""

from __future__ import annotations

from flask import Flask

from .articles import blueprint as articles_blueprint
from .comments import blueprint as comments_blueprint
from .errors import register_error_handlers
from .health import blueprint as health_blueprint
from .profiles import blueprint as profiles_blueprint
from .tags import blueprint as tags_blueprint
from .users import blueprint as users_blueprint


def register_routes(app: Flask) -> None:
    for blueprint in (
        health_blueprint,
        users_blueprint,
        profiles_blueprint,
        articles_blueprint,
        comments_blueprint,
        tags_blueprint,
    ):
        app.register_blueprint(blueprint, url_prefix="/api")
    register_error_handlers(app)
