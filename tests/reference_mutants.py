"""Deliberately broken copies of the reference backend, each with one seeded defect."""

from __future__ import annotations

import shutil
from pathlib import Path

from evals.references import reference_path

Edit = tuple[str, str, str]  # (file relative to the backend root, text to find, replacement)

MUTANTS: dict[str, list[Edit]] = {
    "never_listens": [("run.sh", "set -e\n", "set -e\nexec sleep 600\n")],
    "crashes_mid_suite": [
        (
            "app/routes/articles.py",
            "def favorite(slug: str) -> dict[str, Any]:\n",
            "def favorite(slug: str) -> dict[str, Any]:\n    import os\n\n    os._exit(3)\n",
        )
    ],
    "hangs_on_tags": [
        (
            "app/routes/tags.py",
            "def list_tags() -> dict[str, Any]:\n",
            "def list_tags() -> dict[str, Any]:\n    import time\n\n    time.sleep(3600)\n",
        )
    ],
    "forks_a_daemon": [("run.sh", "set -e\n", "set -e\nsetsid sleep 600 </dev/null >/dev/null 2>&1 &\n")],
    "bearer_only": [("app/routes/auth.py", '_SCHEME = "token"', '_SCHEME = "bearer"')],
    "lacks_tags_route": [("app/routes/tags.py", '@blueprint.get("/tags")\n', "")],
    # Insertion order instead of alphabetical: the defect most agents ship.
    "unsorted_tags": [
        (
            "app/services/assemble.py",
            "tag_list=tuple(sorted(tag.name for tag in article.tags)),",
            "tag_list=tuple(tag.name for tag in sorted(article.tags, key=lambda tag: tag.id)),",
        )
    ],
}


def make_mutant(name: str, destination: Path) -> Path:
    """Copy the reference to `destination` and apply mutant `name`; fails loudly if an edit misses."""
    target = destination / name
    shutil.copytree(reference_path(), target, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    for relative, old, new in MUTANTS[name]:
        path = target / relative
        text = path.read_text()
        if old not in text:
            raise AssertionError(f"mutant {name}: {old!r} not found in {relative}; update the mutant")
        path.write_text(text.replace(old, new, 1))
    return target
