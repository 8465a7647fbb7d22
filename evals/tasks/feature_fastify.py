"""The features removable from the Fastify references (evals/reference/fastify-plain-driver/{postgres,sqlite}).

Both variants share every file but the driver module, so one set of removals serves both: the feature's
route plugins and the data modules nothing else reads go, and the plugin list stops naming them.
"""

from __future__ import annotations

from evals.tasks.feature_patch import Removal

_PLUGINS = ("users", "profiles", "articles", "comments", "tags")


def _unregister(*names: str) -> tuple[tuple[str, str, str], ...]:
    listed = ", ".join(f"'{name}'" for name in _PLUGINS)
    kept = ", ".join(f"'{name}'" for name in _PLUGINS if name not in names)
    return (("src/app.js", f"[{listed}]", f"[{kept}]"),)


_COMMENTS = ("src/routes/comments.js", "src/data/comments.js")
_ARTICLES_TAGS = ("src/routes/articles.js", "src/routes/tags.js", "src/slugs.js")

REMOVALS: dict[str, Removal] = {
    "comments": Removal(delete=_COMMENTS, replace=_unregister("comments")),
    "profiles": Removal(delete=("src/routes/profiles.js",), replace=_unregister("profiles")),
    "articles-tags": Removal(delete=_ARTICLES_TAGS, replace=_unregister("articles", "tags")),
    "articles-tags-comments": Removal(
        delete=(*_ARTICLES_TAGS, *_COMMENTS, "src/data/articles.js"),
        replace=_unregister("articles", "tags", "comments"),
    ),
}
