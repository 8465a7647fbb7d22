from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from conduit.articles.models import Base


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(255), unique=True)
