from flask import Blueprint, abort

from conduit.users import user_service

users = Blueprint("users", __name__)


@users.get("/profiles/<username>")
def get_profile(username: str) -> dict[str, object]:
    found = user_service.profile(username)
    if found is None:
        abort(404)
    return {"profile": found}
