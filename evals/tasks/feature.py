"""Feature tasks: a bundled reference backend with one feature removed, the task being to restore it.

Four features (comments; profiles; articles + tags; articles + tags + comments) per reference. The
starting point is the reference with a generated patch applied (evals/tasks/feature_patch.py); the task
is scored with the same suites as a greenfield one. A reference whose folder is not bundled gives no task.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from agent.spec import Constraints
from evals.references import reference_names, reference_path
from evals.tasks import feature_express, feature_fastify, feature_flask
from evals.tasks.feature_patch import Removal, removal_patch
from evals.tasks.greenfield import PORT_OF
from evals.tasks.model import BenchTask, constraint_tokens
from planners.constraints.model import FRAMEWORKS
from planners.contracts import contract_path
from prompts.render import render


@dataclass(frozen=True)
class Feature:
    """A feature of the Conduit contract: what the task says is missing, and the contract's routes for it."""

    name: str
    missing: str
    routes: tuple[tuple[str, str], ...]  # (method, OpenAPI path without the /api prefix)


_COMMENT_ROUTES = (
    ("POST", "/articles/{slug}/comments"), ("GET", "/articles/{slug}/comments"),
    ("DELETE", "/articles/{slug}/comments/{id}"),
)  # fmt: skip
_ARTICLE_ROUTES = (
    ("GET", "/articles"), ("POST", "/articles"), ("GET", "/articles/feed"), ("GET", "/articles/{slug}"),
    ("PUT", "/articles/{slug}"), ("DELETE", "/articles/{slug}"), ("POST", "/articles/{slug}/favorite"),
    ("DELETE", "/articles/{slug}/favorite"),
)  # fmt: skip
_TAG_ROUTES = (("GET", "/tags"),)
_PROFILE_ROUTES = (
    ("GET", "/profiles/{username}"), ("POST", "/profiles/{username}/follow"),
    ("DELETE", "/profiles/{username}/follow"),
)  # fmt: skip

FEATURES: dict[str, Feature] = {
    feature.name: feature
    for feature in (
        Feature("comments", "comments on articles (the /articles/{slug}/comments endpoints)", _COMMENT_ROUTES),
        Feature("profiles", "profiles and following (the /profiles/{username} endpoints)", _PROFILE_ROUTES),
        Feature(
            "articles-tags",
            "articles, their favorites and feed, and tags (the /articles and /tags endpoints)",
            _ARTICLE_ROUTES + _TAG_ROUTES,
        ),
        Feature(
            "articles-tags-comments",
            "articles, their favorites, feed and comments, and tags (the /articles and /tags endpoints)",
            _ARTICLE_ROUTES + _TAG_ROUTES + _COMMENT_ROUTES,
        ),
    )
}


@dataclass(frozen=True)
class ReferenceFeatures:
    """A bundled reference, the constraints it obeys, and how each feature is taken out of it."""

    reference: str
    framework: str
    constraints: Constraints
    removals: dict[str, Removal]


REFERENCES: tuple[ReferenceFeatures, ...] = (
    ReferenceFeatures(
        "flask-clean-sqlalchemy", "flask", Constraints(architecture="clean", orm="sqlalchemy"), feature_flask.REMOVALS
    ),
    # One task set per database variant of the Express and Fastify references.
    ReferenceFeatures(
        "express-clean-sequelize/sqlite",
        "express",
        Constraints(architecture="clean", database="sqlite", orm="sequelize"),
        feature_express.REMOVALS,
    ),
    ReferenceFeatures(
        "express-clean-sequelize/postgres",
        "express",
        Constraints(architecture="clean", database="postgresql", orm="sequelize"),
        feature_express.REMOVALS,
    ),
    ReferenceFeatures(
        "fastify-plain-driver/sqlite", "fastify", Constraints(database="sqlite"), feature_fastify.REMOVALS
    ),
    ReferenceFeatures(
        "fastify-plain-driver/postgres", "fastify", Constraints(database="postgresql"), feature_fastify.REMOVALS
    ),
)


def feature_task_name(framework: str, constraints: Constraints, feature: str) -> str:
    """`flask-clean_architecture-sqlalchemy-feature-comments`: the stack as greenfield names spell it."""
    return "-".join([framework, *constraint_tokens(constraints), "feature", feature])


def _prompt(framework: str, constraints: Constraints, feature: Feature) -> str:
    description = f"it has no support for {feature.missing}. Add that feature as the specification describes it."
    return render(
        "task_feature.md.j2", contract_text=contract_path("conduit").read_text(), framework=framework,
        language=FRAMEWORKS[framework], description=description, architecture=constraints.architecture,
        database=constraints.database, orm=constraints.orm,
    )  # fmt: skip


def _task(source: ReferenceFeatures, feature: Feature) -> BenchTask:
    repo = reference_path(source.reference)
    language = FRAMEWORKS[source.framework]
    return BenchTask(
        name=feature_task_name(source.framework, source.constraints, feature.name), kind="feature",
        framework=source.framework, language=language, constraints=source.constraints,  # type: ignore[arg-type]
        prompt=_prompt(source.framework, source.constraints, feature), port=PORT_OF[language],
        description=f"{source.reference} without {feature.missing}; restore it", repo=repo,
        patch=removal_patch(repo, source.removals[feature.name]),
    )  # fmt: skip


def feature_of(task: BenchTask) -> Feature | None:
    """The feature a feature task of this module removes (None for any other task)."""
    name = task.name.rpartition("-feature-")[2] if "-feature-" in task.name else ""
    return FEATURES.get(name) if task.kind == "feature" else None


@functools.cache
def feature_tasks() -> tuple[BenchTask, ...]:
    """One task per (bundled reference, feature), references in their listed order."""
    tasks = []
    for source in REFERENCES:
        if source.reference not in reference_names():
            continue  # not bundled (yet): no task rather than a broken one
        tasks.extend(_task(source, FEATURES[name]) for name in FEATURES if name in source.removals)
    return tuple(tasks)
