#!/bin/sh
# Starts the Conduit API in the foreground. Configuration comes from the environment:
# DATABASE_URL (postgres://... or sqlite:///path), PORT (default 3000), JWT_SECRET.
set -e
cd "$(dirname "$0")"
exec node src/server.js
