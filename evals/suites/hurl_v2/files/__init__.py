"""The suite's files, one module per official file, in the order the official runner uses."""

from evals.suites.hurl_v2.files import (
    articles,
    auth,
    comments,
    errors_articles,
    errors_auth,
    errors_authorization,
    errors_comments,
    errors_profiles,
    favorites,
    feed,
    pagination,
    profiles,
    tags,
)
from evals.suites.hurl_v2.model import SuiteFile

FILES: tuple[SuiteFile, ...] = (
    articles.FILE,
    auth.FILE,
    comments.FILE,
    errors_articles.FILE,
    errors_auth.FILE,
    errors_authorization.FILE,
    errors_comments.FILE,
    errors_profiles.FILE,
    favorites.FILE,
    feed.FILE,
    pagination.FILE,
    profiles.FILE,
    tags.FILE,
)
