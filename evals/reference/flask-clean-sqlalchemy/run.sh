#!/bin/sh
# Starts the Conduit API in the foreground. Configuration comes from the environment:
# DATABASE_URL (postgresql://... or sqlite:///path), PORT (default 8080), JWT_SECRET.
set -e
cd "$(dirname "$0")"
if command -v python >/dev/null 2>&1; then
    exec python -m app
fi
exec python3 -m app
