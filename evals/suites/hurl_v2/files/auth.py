"""Registration, login, the current user and every way of updating it."""

from typing import Any

from evals.suites.hurl_v2.dsl import eq, get, is_str, not_empty, post, put
from evals.suites.hurl_v2.files._common import PASSWORD, signup
from evals.suites.hurl_v2.model import Check, SuiteFile

NAME = "auth_{{uid}}"
EMAIL = NAME + "@test.com"
NEW_NAME = "auth_{{uid}}_upd"
NEW_EMAIL = NEW_NAME + "@test.com"
PHOTO = "https://example.com/photo.jpg"
TEMP_PHOTO = "https://example.com/temp.jpg"


def _user(name: str = NAME, email: str = EMAIL, bio: str | None = None, image: str | None = None) -> list[Check]:
    """The whole user document, with a non-empty token."""
    return [
        eq("$.user.username", name),
        eq("$.user.email", email),
        eq("$.user.bio", bio),
        eq("$.user.image", image),
        is_str("$.user.token"),
        not_empty("$.user.token"),
    ]


def _update(title: str, changes: dict[str, Any], checks: list[Check]) -> Any:
    return put(title, "/api/user", {"user": changes}, auth="token", status=200, checks=checks)


def _current(title: str, checks: list[Check], token: str = "token") -> Any:
    return get(title, "/api/user", auth=token, status=200, checks=checks)


FILE = SuiteFile(
    name="auth",
    entries=(
        post(
            "Register", "/api/users", signup("auth"), status=201, checks=_user(), captures={"reg_token": "$.user.token"}
        ),
        post(
            "Login",
            "/api/users/login",
            {"user": {"email": EMAIL, "password": PASSWORD}},
            status=200,
            checks=_user(),
            captures={"token": "$.user.token"},
        ),
        _current("Get current user", _user()),
        _update("Update user", {"bio": "Updated bio"}, _user(bio="Updated bio")),
        _current("Verify update persisted", _user(bio="Updated bio")),
        _update("Update user bio to empty string - should normalize to null", {"bio": ""}, [eq("$.user.bio", None)]),
        _current("Verify empty string normalization persisted", [eq("$.user.bio", None)]),
        _update("Restore bio then set to null", {"bio": "Temporary bio"}, [eq("$.user.bio", "Temporary bio")]),
        _update("Update user bio to null - should accept for nullable field", {"bio": None}, [eq("$.user.bio", None)]),
        _current("Verify null bio persisted", [eq("$.user.bio", None)]),
        _update("Restore bio", {"bio": "Updated bio"}, _user(bio="Updated bio")),
        _update("Update user image", {"image": PHOTO}, [eq("$.user.image", PHOTO)]),
        _current("Verify image update persisted", [eq("$.user.image", PHOTO)]),
        _update("Update image to empty string - should normalize to null", {"image": ""}, [eq("$.user.image", None)]),
        _current("Verify image empty string normalization persisted", [eq("$.user.image", None)]),
        _update(
            "Set image then update to null - should accept for nullable field",
            {"image": TEMP_PHOTO},
            [eq("$.user.image", TEMP_PHOTO)],
        ),
        _update("Update image to null", {"image": None}, [eq("$.user.image", None)]),
        _current("Verify null image persisted", [eq("$.user.image", None)]),
        put(
            "Update username and email",
            "/api/user",
            {"user": {"username": NEW_NAME, "email": NEW_EMAIL}},
            auth="token",
            status=200,
            checks=_user(NEW_NAME, NEW_EMAIL, bio="Updated bio"),
            captures={"updated_token": "$.user.token"},
        ),
        _current(
            "Verify username/email update persisted",
            _user(NEW_NAME, NEW_EMAIL, bio="Updated bio"),
            token="updated_token",
        ),
    ),
)
