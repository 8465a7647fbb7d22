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
    # Parses a JSON body the favorite endpoint does not need: Flask answers 400 to the empty body clients send.
    "favorite_parses_empty_body": [
        (
            "app/routes/articles.py",
            "def favorite(slug: str) -> dict[str, Any]:\n",
            "def favorite(slug: str) -> dict[str, Any]:\n    from flask import request\n\n    request.get_json()\n",
        )
    ],
    # The feed joins follows on the wrong side: articles by the people who follow me.
    "feed_wrong_join": [
        (
            "app/repositories/articles.py",
            "followed = select(follows.c.followee_id).where(follows.c.follower_id == criteria.followed_by_id)",
            "followed = select(follows.c.follower_id).where(follows.c.followee_id == criteria.followed_by_id)",
        )
    ],
    # The session is closed (and the instance expired) before the caller renders the article.
    "session_used_after_close": [
        (
            "app/repositories/articles.py",
            "    return current_session().scalar(select(Article).where(Article.slug == slug))\n",
            "    session = current_session()\n    found = session.scalar(select(Article).where(Article.slug == slug))\n"
            "    if found is not None:\n        session.expire(found)\n    session.close()\n    return found\n",
        )
    ],
    # The create response leaves out the slug, so clients cannot address the new article.
    "create_without_slug": [
        (
            "app/routes/articles.py",
            "    return serializers.article(view), 201\n",
            '    created = serializers.article(view)\n    created["article"].pop("slug")\n    return created, 201\n',
        )
    ],
    # Layering: a route reaches past the services into a repository.
    "route_imports_repository": [
        (
            "app/routes/tags.py",
            "from ..services import tags\n",
            "from ..repositories import tags as tag_rows\nfrom ..services import tags\n\nassert tag_rows\n",
        )
    ],
    # A PostgreSQL task that quietly runs on a local SQLite file instead.
    "sqlite_fallback": [
        (
            "app/config.py",
            '        database_url = os.environ.get("DATABASE_URL")\n',
            '        database_url = "sqlite:///local.db"\n',
        )
    ],
    # Raw SQL in a repository instead of the ORM.
    "raw_sql_in_repository": [
        (
            "app/repositories/tags.py",
            "    query = select(Tag.name).where(Tag.id.in_(select(article_tags.c.tag_id))).order_by(Tag.name)\n"
            "    return list(current_session().scalars(query))\n",
            "    rows = current_session().connection().exec_driver_sql(\n"
            '        "SELECT DISTINCT t.name FROM tags t JOIN article_tags a ON a.tag_id = t.id ORDER BY t.name"\n'
            "    )\n    return [row[0] for row in rows]\n",
        )
    ],
    "syntax_error": [
        ("app/routes/tags.py", "def list_tags() -> dict[str, Any]:\n", "def list_tags() -> dict[str, Any]\n")
    ],
    # Insertion order instead of alphabetical: the defect most agents ship.
    "unsorted_tags": [
        (
            "app/services/assemble.py",
            "tag_list=tuple(sorted(tag.name for tag in article.tags)),",
            "tag_list=tuple(tag.name for tag in sorted(article.tags, key=lambda tag: tag.id)),",
        )
    ],
}


def edited_reference(target: Path, edits: list[Edit], label: str) -> Path:
    """The Flask reference copied to `target` with each edit applied once; an edit whose text is no longer in
    the reference fails loudly, naming `label`."""
    shutil.copytree(reference_path(), target, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    for relative, old, new in edits:
        path = target / relative
        text = path.read_text()
        if old not in text:
            raise AssertionError(f"{label}: {old!r} not found in {relative}; update the edit")
        path.write_text(text.replace(old, new, 1))
    return target


def make_mutant(name: str, destination: Path) -> Path:
    """Copy the reference to `destination` and apply mutant `name`; fails loudly if an edit misses."""
    return edited_reference(destination / name, MUTANTS[name], f"mutant {name}")
