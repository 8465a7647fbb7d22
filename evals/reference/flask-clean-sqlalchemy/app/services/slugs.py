"""URL slugs derived from titles; duplicates get a short random suffix."""

from __future__ import annotations

import re
import secrets
import unicodedata

from ..repositories import articles

_MAX_BASE_LENGTH = 200
_NON_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """ASCII, lower case, words joined by hyphens; "article" when nothing usable is left."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALPHANUMERIC.sub("-", ascii_title.lower()).strip("-")
    return slug[:_MAX_BASE_LENGTH].rstrip("-") or "article"


def unused_slug(title: str) -> str:
    """The plain slug when free, else one with a random suffix (titles need not be unique)."""
    base = slugify(title)
    candidate = base
    while articles.slug_taken(candidate):
        candidate = f"{base}-{secrets.token_hex(4)}"
    return candidate
