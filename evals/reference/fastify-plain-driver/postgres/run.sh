#!/bin/sh
# Starts the Conduit API in the foreground. Configuration comes from the environment:
# DATABASE_URL (or the PG* variables), PORT (default 3000), JWT_SECRET.
set -e
cd "$(dirname "$0")"
exec node src/server.js
