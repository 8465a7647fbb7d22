"""Names for throw-away databases and roles: unique, short, and safe to splice into SQL identifiers."""

from __future__ import annotations

import re
import secrets

_UNSAFE = re.compile(r"[^a-z0-9_]")


def fresh_name(label: str) -> str:
    """`cagent_<label>_<random>`, lower-case identifier characters only, within PostgreSQL's 63 bytes."""
    clean = _UNSAFE.sub("_", label.lower())[:24] or "db"
    return f"cagent_{clean}_{secrets.token_hex(5)}"
