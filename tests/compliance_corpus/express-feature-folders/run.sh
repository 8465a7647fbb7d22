#!/usr/bin/env bash
set -euo pipefail
if [[ "${DATABASE_URL:-}" == postgres://* ]]; then
  echo "this build serves SQLite only" >&2
  exit 1
fi
exec node src/app.js
