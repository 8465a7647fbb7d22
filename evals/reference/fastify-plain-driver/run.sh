#!/bin/sh
# Starts the Conduit API in the foreground. Configuration comes from the environment:
# DATABASE_URL (postgresql://..., or the PG* variables; sqlite:///path, or SQLITE_PATH), PORT (default
# 3000), JWT_SECRET.
set -e
cd "$(dirname "$0")"
exec node src/server.js
