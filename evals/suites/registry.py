"""Suites by name, with options (`hurl-v2,uid=fixed`).

`all` means the two official suites, postman-v1 first (its counts assume a fresh database), so the
A% of an `all` evaluation is the published benchmark's. `conduit-extra` checks contract clauses
neither official suite checks; it runs only when named, in an evaluation of its own, so its checks
never mix into the official A%.
"""

from __future__ import annotations

from evals.suites.base import Suite
from tools.components import ComponentError, Registry, split_options

SUITES = Registry(
    "suite",
    {
        "postman-v1": "evals.suites.postman_v1.PostmanV1Suite",
        "hurl-v2": "evals.suites.hurl_v2.HurlV2Suite",
        "conduit-extra": "evals.suites.conduit_extra.ConduitExtraSuite",
    },
    dotted=False,
)
OFFICIAL = ("postman-v1", "hurl-v2")
SUITE_CHOICES = (*OFFICIAL, "all", *(name for name in SUITES.names if name not in OFFICIAL))


class UnknownSuite(ComponentError):
    pass


def _unknown(name: str) -> UnknownSuite:
    return UnknownSuite(f"unknown suite {name!r}; choose one of {', '.join(SUITE_CHOICES)}")


def suite_names(choice: str) -> list[str]:
    """The suites `choice` names (`all`, or one suite with its options), checked before any run."""
    name, written = split_options(choice)
    if name == "all":
        if written:
            raise UnknownSuite("suite all takes no options; name one suite to give it options")
        return list(OFFICIAL)
    if name not in SUITES.names:
        raise _unknown(name)
    SUITES.configure(name, SUITES.resolve(name), written)
    return [choice]


def load_suite(name: str) -> Suite:
    """The suite `name` (`hurl-v2`, `hurl-v2,uid=fixed`) names, made with its options."""
    if split_options(name)[0] not in SUITES.names:
        raise _unknown(name)
    suite: Suite = SUITES.build(name)
    return suite
