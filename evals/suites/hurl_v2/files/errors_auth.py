"""User errors: blank fields (422), duplicates (409), bad credentials and missing tokens (401),
and the rules PUT /user applies to email, username and password (at least 8, up to 64 accepted)."""

from typing import Any

from evals.suites.hurl_v2.dsl import error_is, get, post, put
from evals.suites.hurl_v2.files._common import PASSWORD
from evals.suites.hurl_v2.model import Entry, SuiteFile

DUP = "ea_dup_{{uid}}"
DUP_EMAIL = DUP + "@test.com"


def _user(username: str, email: str, password: str = PASSWORD) -> dict[str, Any]:
    return {"user": {"username": username, "email": email, "password": password}}


def _login(email: str, password: str) -> dict[str, Any]:
    return {"user": {"email": email, "password": password}}


def _change(title: str, changes: dict[str, Any], status: int) -> Entry:
    """PUT /user as the registered user; only the status is checked."""
    return put(title, "/api/user", {"user": changes}, auth="token", status=status)


FILE = SuiteFile(
    name="errors_auth",
    entries=(
        post(
            "Register empty username",
            "/api/users",
            _user("", "ea_blank_{{uid}}@test.com"),
            status=422,
            checks=[error_is("username", "can't be blank")],
        ),
        post(
            "Register empty email",
            "/api/users",
            _user("ea_blank_{{uid}}", ""),
            status=422,
            checks=[error_is("email", "can't be blank")],
        ),
        post(
            "Register empty password",
            "/api/users",
            _user("ea_blankp_{{uid}}", "ea_blankp_{{uid}}@test.com", ""),
            status=422,
            checks=[error_is("password", "can't be blank")],
        ),
        post(
            "Register valid user for duplicate and login tests",
            "/api/users",
            _user(DUP, DUP_EMAIL),
            status=201,
            captures={"token": "$.user.token"},
        ),
        post(
            "Register duplicate username",
            "/api/users",
            _user(DUP, "ea_dup2_{{uid}}@test.com"),
            status=409,
            checks=[error_is("username", "has already been taken")],
        ),
        post(
            "Register duplicate email",
            "/api/users",
            _user("ea_dup2_{{uid}}", DUP_EMAIL),
            status=409,
            checks=[error_is("email", "has already been taken")],
        ),
        post(
            "Login empty email",
            "/api/users/login",
            _login("", PASSWORD),
            status=422,
            checks=[error_is("email", "can't be blank")],
        ),
        post(
            "Login empty password",
            "/api/users/login",
            _login(DUP_EMAIL, ""),
            status=422,
            checks=[error_is("password", "can't be blank")],
        ),
        post(
            "Login wrong password",
            "/api/users/login",
            _login(DUP_EMAIL, "wrongpassword"),
            status=401,
            checks=[error_is("credentials", "invalid")],
        ),
        get("GET /user no auth", "/api/user", status=401, checks=[error_is("token", "is missing")]),
        put(
            "PUT /user no auth",
            "/api/user",
            {"user": {"bio": "test"}},
            status=401,
            checks=[error_is("token", "is missing")],
        ),
        _change("Update email to empty string - should reject", {"email": ""}, 422),
        _change("Update username to empty string - should reject", {"username": ""}, 422),
        _change("Update email to null - should reject", {"email": None}, 422),
        _change("Update username to null - should reject", {"username": None}, 422),
        _change("Update password to empty string - should reject", {"password": ""}, 422),
        _change("Update password to null - should reject", {"password": None}, 422),
        _change("Update password shorter than 8 chars - should reject", {"password": "short7c"}, 422),
        _change("Update password to 8 char simple word - should accept", {"password": "bonjour1"}, 200),
        _change("Update password to 64 chars - should accept", {"password": "a" * 64}, 200),
    ),
)
