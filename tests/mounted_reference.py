"""The Flask reference served under /conduit (its API at /conduit/api, nothing at /api): an app published
with another base URL, started by its own command (`python mounted.py`) on the port its task fixes."""

MOUNTED = """
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple
from werkzeug.wrappers import Response

from app import create_app
from app.config import Settings

settings = Settings.from_env()
nothing = Response("nothing is served outside /conduit", status=404)
run_simple("0.0.0.0", settings.port, DispatcherMiddleware(nothing, {"/conduit": create_app(settings)}), threaded=True)
"""
