"""Where shared caches live: $CAGENT_CACHE_DIR, else ~/.cache/cagent."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    root = Path(os.environ.get("CAGENT_CACHE_DIR") or Path.home() / ".cache" / "cagent")
    root.mkdir(parents=True, exist_ok=True)
    return root
