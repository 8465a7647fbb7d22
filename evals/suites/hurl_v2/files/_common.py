"""Pieces shared by several files: request bodies and recurring groups of checks."""

from __future__ import annotations

from typing import Any

from evals.suites.hurl_v2.dsl import absent, ge, has, is_bool, is_int, is_list, is_str, matches
from evals.suites.hurl_v2.model import Check

# A timestamp starting with a date and a time to the second; the fraction and zone are free.
DATE_TIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"
# Only the date part and the `T`.
DATE_T = r"^\d{4}-\d{2}-\d{2}T"

PASSWORD = "password123"


def signup(prefix: str, password: str = PASSWORD) -> dict[str, Any]:
    """The registration body of user `<prefix>_<uid>` with email `<prefix>_<uid>@test.com`."""
    name = prefix + "_{{uid}}"
    return {"user": {"username": name, "email": name + "@test.com", "password": password}}


def new_article(title: str, description: str, body: str, tags: list[str] | None = None) -> dict[str, Any]:
    article: dict[str, Any] = {"title": title, "description": description, "body": body}
    if tags is not None:
        article["tagList"] = tags
    return {"article": article}


def summary_checks(item: str = "$.articles[0]", *, tag: str | None = None) -> list[Check]:
    """The shape of an article in a list: no `body`, timestamps, flags and counters.

    With `tag`, also require that its tagList contains that tag (right after the list check).
    """
    checks = [
        is_str(f"{item}.title"),
        is_str(f"{item}.slug"),
        is_str(f"{item}.description"),
        absent(f"{item}.body"),
        is_list(f"{item}.tagList"),
    ]
    if tag is not None:
        checks.append(has(f"{item}.tagList", tag))
    checks += [
        matches(f"{item}.createdAt", DATE_TIME),
        matches(f"{item}.updatedAt", DATE_TIME),
        is_bool(f"{item}.favorited"),
        is_int(f"{item}.favoritesCount"),
    ]
    return checks


def non_empty_page() -> list[Check]:
    """A list response holding at least one article."""
    return [is_list("$.articles"), is_int("$.articlesCount"), ge("$.articlesCount", 1)]
