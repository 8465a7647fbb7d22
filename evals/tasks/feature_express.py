"""The features removable from the Express reference (evals/reference/express-clean-sequelize).

As for Flask: the feature's routes, use cases and the repositories nothing else reads go; the Sequelize
models and shared views stay.
"""

from __future__ import annotations

from evals.tasks.feature_patch import Removal

_INDEX = "src/routes/index.js"
_MOUNTED = "[users, profiles, articles, comments, tags]"


def _unmount(*names: str) -> tuple[tuple[str, str, str], ...]:
    kept = [name for name in ("users", "profiles", "articles", "comments", "tags") if name not in names]
    return ((_INDEX, _MOUNTED, f"[{', '.join(kept)}]"),)


def _requires(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((_INDEX, f"const {name} = require('./{name}');") for name in names)


_COMMENTS = ("src/routes/comments.js", "src/services/comments.js", "src/repositories/comments.js")
_ARTICLES_TAGS = (
    "src/routes/articles.js", "src/routes/tags.js", "src/services/articles.js", "src/services/tags.js",
    "src/services/slugs.js",
)  # fmt: skip

REMOVALS: dict[str, Removal] = {
    "comments": Removal(delete=_COMMENTS, drop_lines=_requires("comments"), replace=_unmount("comments")),
    "profiles": Removal(
        delete=("src/routes/profiles.js", "src/services/profiles.js"),
        drop_lines=_requires("profiles"),
        replace=_unmount("profiles"),
    ),
    "articles-tags": Removal(
        delete=_ARTICLES_TAGS, drop_lines=_requires("articles", "tags"), replace=_unmount("articles", "tags")
    ),
    "articles-tags-comments": Removal(
        delete=(*_ARTICLES_TAGS, *_COMMENTS, "src/repositories/articles.js", "src/repositories/tags.js"),
        drop_lines=_requires("articles", "tags", "comments"),
        replace=_unmount("articles", "tags", "comments"),
    ),
}
