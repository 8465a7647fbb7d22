#!/usr/bin/env bash
set -euo pipefail
exec python manage.py runserver "0.0.0.0:${PORT:-8080}" --noreload
