from sqlalchemy import select

from conduit.db import Session
from conduit.users.user_model import User


def by_name(username: str) -> User | None:
    with Session() as session:
        return session.scalar(select(User).where(User.username == username))
