"""The reference backends bundled with the harness (its fixtures, and the default thing to evaluate)."""

from __future__ import annotations

from pathlib import Path

REFERENCE_ROOT = Path(__file__).resolve().parent / "reference"
DEFAULT_REFERENCE = "flask-clean-sqlalchemy"


def reference_path(name: str = DEFAULT_REFERENCE) -> Path:
    path = REFERENCE_ROOT / name
    if not path.is_dir():
        known = ", ".join(sorted(p.name for p in REFERENCE_ROOT.iterdir() if p.is_dir()))
        raise ValueError(f"no bundled reference backend {name!r} (known: {known})")
    return path
