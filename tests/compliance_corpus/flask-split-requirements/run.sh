#!/usr/bin/env bash
# The harness hands over DATABASE_URL; SQLAlchemy wants the psycopg dialect spelled out.
set -euo pipefail
case "$DATABASE_URL" in
  postgres://*) export CONDUIT_DB="postgresql+psycopg://${DATABASE_URL#postgres://}" ;;
  postgresql://*|postgresql+psycopg://*) export CONDUIT_DB="$DATABASE_URL" ;;
  *) echo "DATABASE_URL is not a PostgreSQL URL: ${PGHOST:-no host}" >&2; exit 1 ;;
esac
exec python -m conduit
