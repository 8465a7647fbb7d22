"""Locating the official RealWorld material kept beside the project (../shared), when present."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    return Path(os.environ.get("CAGENT_SHARED_DIR") or PROJECT_ROOT.parent / "shared")


def official_postman_collection() -> Path:
    return shared_dir() / "realworld" / "postman-v1" / "Conduit.postman_collection.json"
