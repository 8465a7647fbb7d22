"""Profile errors: unknown user (404), follow and unfollow without a token (401)."""

from evals.suites.hurl_v2.dsl import delete, error_is, get, post
from evals.suites.hurl_v2.files._common import signup
from evals.suites.hurl_v2.model import SuiteFile

UNKNOWN = "/api/profiles/unknown-user-{{uid}}"
NO_TOKEN = [error_is("token", "is missing")]
NO_PROFILE = [error_is("profile", "not found")]

FILE = SuiteFile(
    name="errors_profiles",
    entries=(
        get("GET unknown profile", UNKNOWN, status=404, checks=NO_PROFILE),
        post("Follow no auth", UNKNOWN + "/follow", status=401, checks=NO_TOKEN),
        delete("Unfollow no auth", UNKNOWN + "/follow", status=401, checks=NO_TOKEN),
        post(
            "Setup: Register for authenticated 404 tests",
            "/api/users",
            signup("ep"),
            status=201,
            captures={"token": "$.user.token"},
        ),
        post("Follow unknown user (authed)", UNKNOWN + "/follow", auth="token", status=404, checks=NO_PROFILE),
        delete("Unfollow unknown user (authed)", UNKNOWN + "/follow", auth="token", status=404, checks=NO_PROFILE),
    ),
)
