"""Registration, login, the current user and token authentication."""

from __future__ import annotations

from ..models import User
from ..repositories import users
from ..repositories.errors import IntegrityConflict
from ..security import passwords, tokens
from .assemble import user_view
from .errors import Conflict, NotFound, Unauthorized
from .validation import MAX_NAME_LENGTH, UNSET, Problems, Unset
from .views import UserView

# NIST SP 800-63B: at least 8 characters, and 64 must be accepted. The ceiling only bounds hashing cost.
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256


def _taken(username: str | None, email: str | None, except_id: int | None = None) -> list[str]:
    """Which of the given unique values already belong to another user."""
    fields = []
    if username is not None and (owner := users.find_by_username(username)) and owner.id != except_id:
        fields.append("username")
    if email is not None and (owner := users.find_by_email(email)) and owner.id != except_id:
        fields.append("email")
    return fields


def register(username: object, email: object, password: object) -> UserView:
    problems = Problems()
    name = problems.text("username", username, MAX_NAME_LENGTH)
    mail = problems.text("email", email, MAX_NAME_LENGTH)
    secret = problems.text("password", password, MAX_PASSWORD_LENGTH)
    problems.raise_if_any()
    if taken := _taken(name, mail):
        raise Conflict(taken)
    try:
        user = users.add(name, mail, passwords.hash_password(secret))
    except IntegrityConflict:
        # Another request registered the same name or email between our check and the insert.
        raise Conflict(_taken(name, mail) or ["username"]) from None
    return user_view(user)


def login(email: object, password: object) -> UserView:
    problems = Problems()
    mail = problems.text("email", email)
    secret = problems.text("password", password)
    problems.raise_if_any()
    user = users.find_by_email(mail)
    # Same answer for an unknown email and a wrong password, so accounts cannot be probed.
    if user is None or not passwords.verify_password(user.password_hash, secret):
        raise Unauthorized.credentials()
    return user_view(user)


def authenticate(token: str) -> int:
    """The id of the user a token belongs to; the user must still exist."""
    user_id = tokens.user_id_from(token)
    if user_id is None or users.get(user_id) is None:
        raise Unauthorized.token("is invalid")
    return user_id


def _load(user_id: int) -> User:
    user = users.get(user_id)
    if user is None:
        raise NotFound("user")
    return user


def current(user_id: int) -> UserView:
    return user_view(_load(user_id))


def update(
    user_id: int,
    *,
    email: object = UNSET,
    username: object = UNSET,
    password: object = UNSET,
    bio: object = UNSET,
    image: object = UNSET,
) -> UserView:
    """Change only the fields that were sent; identity fields may not be blanked."""
    user = _load(user_id)
    problems = Problems()
    new_email = None if isinstance(email, Unset) else problems.text("email", email, MAX_NAME_LENGTH)
    new_name = None if isinstance(username, Unset) else problems.text("username", username, MAX_NAME_LENGTH)
    new_password = None
    if not isinstance(password, Unset):
        new_password = problems.text("password", password, MAX_PASSWORD_LENGTH)
        if new_password and len(new_password) < MIN_PASSWORD_LENGTH:
            problems.add("password", f"is too short (minimum is {MIN_PASSWORD_LENGTH} characters)")
    new_bio = None if isinstance(bio, Unset) else problems.nullable_text("bio", bio)
    new_image = None if isinstance(image, Unset) else problems.nullable_text("image", image)
    problems.raise_if_any()

    if taken := _taken(new_name, new_email, except_id=user.id):
        raise Conflict(taken)
    if new_email is not None:
        user.email = new_email
    if new_name is not None:
        user.username = new_name
    if new_password:
        user.password_hash = passwords.hash_password(new_password)
    if not isinstance(bio, Unset):
        user.bio = new_bio
    if not isinstance(image, Unset):
        user.image = new_image
    try:
        users.save(user)
    except IntegrityConflict:
        raise Conflict(_taken(new_name, new_email, except_id=user.id) or ["username"]) from None
    return user_view(user)
