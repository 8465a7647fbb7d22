"""The features removable from the Flask reference (evals/reference/flask-clean-sqlalchemy).

Each removal takes out the feature's blueprints, use cases and the repositories nothing else reads; the
ORM models and shared serializers stay, as they would in a codebase that never had the feature's endpoints.
"""

from __future__ import annotations

from evals.tasks.feature_patch import Removal

_ROUTES = "app/routes/__init__.py"


def _blueprint(name: str) -> tuple[tuple[str, str], ...]:
    return (_ROUTES, f"from .{name} import blueprint as {name}_blueprint"), (_ROUTES, f"{name}_blueprint,")


_COMMENTS = ("app/routes/comments.py", "app/services/comments.py", "app/repositories/comments.py")
_ARTICLES_TAGS = (
    "app/routes/articles.py", "app/routes/tags.py", "app/services/articles.py", "app/services/tags.py",
    "app/services/slugs.py", "app/repositories/tags.py",
)  # fmt: skip

REMOVALS: dict[str, Removal] = {
    "comments": Removal(delete=_COMMENTS, drop_lines=_blueprint("comments")),
    "profiles": Removal(
        delete=("app/routes/profiles.py", "app/services/profiles.py"), drop_lines=_blueprint("profiles")
    ),
    "articles-tags": Removal(delete=_ARTICLES_TAGS, drop_lines=_blueprint("articles") + _blueprint("tags")),
    "articles-tags-comments": Removal(
        delete=(*_ARTICLES_TAGS, *_COMMENTS, "app/repositories/articles.py"),
        drop_lines=_blueprint("articles") + _blueprint("tags") + _blueprint("comments"),
    ),
}
