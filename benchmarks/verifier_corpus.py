"""The verifier's quality corpus: seeded defects of the reference backend, and correct variants of it.

Each defect names the evidence a useful finding must carry (gate and a fragment of its message): a
finding elsewhere does not count as catching it. The existing mutants of tests/reference_mutants.py are
reused; the ones below add a defect per failure category they miss.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reference_mutants import MUTANTS, edited_reference

Edit = tuple[str, str, str]

EXTRA: dict[str, list[Edit]] = {
    "missing_dependency": [("requirements.txt", "PyJWT==2.15.1\n", "")],
    "run_sh_installs": [("run.sh", "set -e\n", "set -e\npip install -r requirements.txt\n")],
    "loopback_only": [("app/__main__.py", 'app.run(host="0.0.0.0"', 'app.run(host="127.0.0.1"')],
    "favorites_count_string": [
        ("app/routes/serializers.py", '"favoritesCount": view.favorites_count',
         '"favoritesCount": str(view.favorites_count)')
    ],
    "bio_empty_string": [("app/routes/serializers.py", '"bio": view.bio,\n', '"bio": view.bio or "",\n')],
    "timestamps_without_fraction": [("app/routes/serializers.py", '"%Y-%m-%dT%H:%M:%S.%fZ"', '"%Y-%m-%dT%H:%M:%SZ"')],
    "public_list_requires_auth": [
        ("app/routes/articles.py", "    page = articles.list_articles(\n        optional_user_id(),",
         "    page = articles.list_articles(\n        required_user_id(),")
    ],
    "articles_count_page_size": [
        ("app/routes/serializers.py", '"articlesCount": page.total', '"articlesCount": len(page.articles)')
    ],
    "favorites_count_frozen": [
        ("app/services/assemble.py", "favorites_count=counts.get(article.id, 0),", "favorites_count=0,")
    ],
    "delete_comment_unrouted": [
        ("app/routes/comments.py", '@blueprint.delete("/articles/<slug>/comments/<comment_id>")\n', "")
    ],
    "delete_answers_200": [("app/routes/articles.py", '    return "", 204\n', '    return {"deleted": slug}, 200\n')],
    "user_update_not_saved": [
        ("app/repositories/users.py", '"""Persist changes made to a loaded user."""\n    current_session().add(user)\n',
         '"""Persist changes made to a loaded user."""\n    current_session().expunge(user)\n    return\n')
    ],
    "comment_create_fails": [
        ("app/routes/comments.py",
         '    return serializers.comment(comments.add(user_id, slug, field(data, "body"))), 201\n',
         '    raise RuntimeError(f"cannot add a comment to {slug}")\n')
    ],
    "memory_hog_on_tags": [
        ("app/routes/tags.py", "def list_tags() -> dict[str, Any]:\n",
         "def list_tags() -> dict[str, Any]:\n    hoard = bytearray(3 * 1024**3)\n    assert hoard\n")
    ],
}  # fmt: skip

# Correct variants: the same behaviour written differently; the verifier must find nothing.
CORRECT: dict[str, list[Edit]] = {
    "reference": [],
    "run_sh_rewritten": [
        ("run.sh", 'if command -v python >/dev/null 2>&1; then\n    exec python -m app\nfi\nexec python3 -m app\n',
         'PYTHON="$(command -v python || command -v python3)"\nexec "$PYTHON" -m app "$@"\n')
    ],
    "tags_deduplicated_before_sorting": [
        ("app/services/assemble.py", "tag_list=tuple(sorted(tag.name for tag in article.tags)),",
         "tag_list=tuple(sorted({tag.name for tag in article.tags})),")
    ],
    "sqlite_default_for_development": [
        ("app/config.py", '        database_url = os.environ.get("DATABASE_URL")\n',
         '        database_url = os.environ.get("DATABASE_URL") or "sqlite:///dev.db"\n')
    ],
    "serializer_inlined": [
        ("app/routes/serializers.py", '    return {"profile": _profile(view)}\n',
         '    shown = _profile(view)\n    return {"profile": shown}\n')
    ],
}  # fmt: skip

# What a finding must say to count as naming the defect: (gate, fragment of the message).
EXPECTED: dict[str, list[tuple[str, str]]] = {
    "never_listens": [("startup", "did not start")],
    "crashes_mid_suite": [("contract", "died while answering POST /api/articles/{slug}/favorite")],
    "hangs_on_tags": [("contract", "GET /api/tags got no answer")],
    "forks_a_daemon": [("run-script", "background")],
    "bearer_only": [("db-smoke", "Authorization: Token")],
    "lacks_tags_route": [("contract", "GET /api/tags is not routed")],
    "favorite_parses_empty_body": [("contract", "/favorite answered 400 to Content-Type: application/json")],
    "feed_wrong_join": [("contract", "/api/articles/feed"), ("review", "feed")],
    "session_used_after_close": [("contract", "GET /api/articles/{slug}")],
    "create_without_slug": [("contract", "'slug' is a required property")],
    "route_imports_repository": [("compliance", "routes import repositories")],
    "sqlite_fallback": [("compliance", "SQLite connection"), ("db-smoke", "not in the provisioned")],
    "raw_sql_in_repository": [("compliance", "raw SQL")],
    "syntax_error": [("startup", "did not start")],
    "unsorted_tags": [("contract", "is not sorted")],
    "missing_dependency": [("startup", "did not start")],
    "run_sh_installs": [("run-script", "installs packages")],
    "loopback_only": [("startup", "binds only to")],
    "favorites_count_string": [("contract", "favoritesCount")],
    "bio_empty_string": [("db-smoke", "bio"), ("contract", "bio")],
    "timestamps_without_fraction": [("contract", "createdAt")],
    "public_list_requires_auth": [("contract", "GET /api/articles without a token")],
    "articles_count_page_size": [("contract", "articlesCount")],
    "favorites_count_frozen": [("contract", "favoritesCount")],
    "delete_comment_unrouted": [("contract", "DELETE /api/articles/{slug}/comments/{id} is not routed")],
    "delete_answers_200": [("contract", "DELETE /api/articles/{slug} answered 200")],
    "user_update_not_saved": [("contract", "PUT /api/user"), ("contract", "GET /api/user")],
    "comment_create_fails": [("contract", "POST /api/articles/{slug}/comments failed with a server error")],
    "memory_hog_on_tags": [("contract", "GET /api/tags")],
}

DEFECTS: dict[str, list[Edit]] = {**MUTANTS, **EXTRA}


@dataclass(frozen=True)
class Variant:
    name: str
    defective: bool
    edits: list[Edit]


def variants() -> list[Variant]:
    return [Variant(n, True, e) for n, e in DEFECTS.items()] + [Variant(n, False, e) for n, e in CORRECT.items()]


def materialise(variant: Variant, target: Path) -> Path:
    """The reference with `variant`'s edits, at `target` (replaced); fails loudly if an edit misses."""
    shutil.rmtree(target, ignore_errors=True)
    return edited_reference(target, variant.edits, variant.name)
