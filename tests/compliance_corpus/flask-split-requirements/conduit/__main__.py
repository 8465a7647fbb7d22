import os

from flask import Flask

from conduit.articles.views import articles
from conduit.users.user_routes import users


def create_app() -> Flask:
    app = Flask(__name__)
    app.register_blueprint(articles, url_prefix="/api")
    app.register_blueprint(users, url_prefix="/api")

    @app.get("/api/health-check")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


if __name__ == "__main__":
    create_app().run(host="0.0.0.0", port=int(os.environ.get("PORT", "8080")))
