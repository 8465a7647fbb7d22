"""Entry point: `python -m app` serves on 0.0.0.0:$PORT (default 8080)."""

from __future__ import annotations

import logging

from . import create_app
from .config import Settings


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    app = create_app(settings)
    print(f"Conduit API listening on http://0.0.0.0:{settings.port}", flush=True)
    # threaded: one request per thread, matching the thread-local database sessions.
    app.run(host="0.0.0.0", port=settings.port, threaded=True, debug=False, use_reloader=False)


if __name__ == "__main__":
    main()
