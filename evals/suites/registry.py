"""Suites by name. `all` runs postman-v1 first, because its counts assume a fresh database."""

from __future__ import annotations

import importlib

from evals.suites.base import Suite

SUITE_MODULES = {"postman-v1": "evals.suites.postman_v1", "hurl-v2": "evals.suites.hurl_v2"}
SUITE_CHOICES = (*SUITE_MODULES, "all")


class UnknownSuite(ValueError):
    pass


def suite_names(choice: str) -> list[str]:
    if choice == "all":
        return list(SUITE_MODULES)
    if choice not in SUITE_MODULES:
        raise UnknownSuite(f"unknown suite {choice!r}; choose one of {', '.join(SUITE_CHOICES)}")
    return [choice]


def load_suite(name: str) -> Suite:
    if name not in SUITE_MODULES:
        raise UnknownSuite(f"unknown suite {name!r}; choose one of {', '.join(SUITE_CHOICES)}")
    module = importlib.import_module(SUITE_MODULES[name])
    return module.SUITE
