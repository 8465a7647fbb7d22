"""Profiles: read with and without a token, follow, unfollow, and the state persists."""

from evals.suites.hurl_v2.dsl import delete, eq, get, post
from evals.suites.hurl_v2.files._common import signup
from evals.suites.hurl_v2.model import Check, SuiteFile

CELEB = "celeb_{{uid}}"
PROFILE = "/api/profiles/" + CELEB


def _profile(following: bool) -> list[Check]:
    return [
        eq("$.profile.username", CELEB),
        eq("$.profile.bio", None),
        eq("$.profile.image", None),
        eq("$.profile.following", following),
    ]


FILE = SuiteFile(
    name="profiles",
    entries=(
        post("Register main user", "/api/users", signup("prof"), status=201, captures={"token": "$.user.token"}),
        post("Register celeb user", "/api/users", signup("celeb"), status=201),
        get("Get profile without auth", PROFILE, status=200, checks=_profile(False)),
        get("Get profile with auth", PROFILE, auth="token", status=200, checks=_profile(False)),
        post("Follow profile", PROFILE + "/follow", auth="token", status=200, checks=_profile(True)),
        delete("Unfollow profile", PROFILE + "/follow", auth="token", status=200, checks=_profile(False)),
        get("Verify unfollow persisted", PROFILE, auth="token", status=200, checks=_profile(False)),
    ),
)
