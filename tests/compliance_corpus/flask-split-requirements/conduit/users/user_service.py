from conduit.users import user_repository


def profile(username: str) -> dict[str, object] | None:
    user = user_repository.by_name(username)
    return None if user is None else {"username": user.username, "following": False}
