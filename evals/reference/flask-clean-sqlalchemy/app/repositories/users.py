"""Queries and writes for user accounts."""

from __future__ import annotations

from sqlalchemy import select

from ..models import User
from .database import commit, current_session


def get(user_id: int) -> User | None:
    return current_session().get(User, user_id)


def find_by_username(username: str) -> User | None:
    return current_session().scalar(select(User).where(User.username == username))


def find_by_email(email: str) -> User | None:
    return current_session().scalar(select(User).where(User.email == email))


def add(username: str, email: str, password_hash: str) -> User:
    """Insert a user; raises IntegrityConflict when a concurrent request took the name or email."""
    user = User(username=username, email=email, password_hash=password_hash)
    current_session().add(user)
    commit()
    return user


def save(user: User) -> None:
    """Persist changes made to a loaded user."""
    current_session().add(user)
    commit()
