"""Input rules shared by the use cases. Values arrive as raw JSON (`object`), absent ones as UNSET."""

from __future__ import annotations

import enum
from typing import Final

from .errors import InvalidInput

BLANK: Final = "can't be blank"
INVALID: Final = "is invalid"
MAX_NAME_LENGTH: Final = 255


class Unset(enum.Enum):
    """Marks a field the client did not send, as opposed to one sent as null."""

    UNSET = enum.auto()


UNSET: Final = Unset.UNSET


class Problems:
    """Collects every rule violation of one request, so the client sees them all at once."""

    def __init__(self) -> None:
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)

    def text(self, field: str, value: object, max_length: int | None = None) -> str:
        """A required, non-blank string (returned as sent); records a problem and returns "" otherwise."""
        if value is None or (isinstance(value, str) and not value.strip()):
            self.add(field, BLANK)
            return ""
        if not isinstance(value, str):
            self.add(field, INVALID)
            return ""
        if max_length is not None and len(value) > max_length:
            self.add(field, f"is too long (maximum is {max_length} characters)")
        return value

    def nullable_text(self, field: str, value: object) -> str | None:
        """An optional string where "" means "clear it" (stored as null)."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.add(field, INVALID)
            return None
        return value

    def tag_names(self, value: object) -> list[str]:
        """A list of strings, trimmed, blanks dropped, duplicates removed (first occurrence wins)."""
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.add("tagList", INVALID)
            return []
        names = list(dict.fromkeys(item.strip() for item in value if item.strip()))
        if any(len(name) > MAX_NAME_LENGTH for name in names):
            self.add("tagList", f"is too long (maximum is {MAX_NAME_LENGTH} characters per tag)")
        return names
