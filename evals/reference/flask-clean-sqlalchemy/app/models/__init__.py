"""ORM entities. Importing this package registers every table on `Base.metadata`."""

from .article import Article
from .associations import article_tags, favorites, follows
from .base import Base
from .comment import Comment
from .tag import Tag
from .user import User

__all__ = ["Article", "Base", "Comment", "Tag", "User", "article_tags", "favorites", "follows"]
