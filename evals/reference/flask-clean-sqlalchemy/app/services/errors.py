"""Domain errors. Each carries the `{field or resource: [messages]}` map the API reports."""

from __future__ import annotations

from collections.abc import Mapping


class DomainError(Exception):
    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__(dict(errors))
        self.errors: dict[str, list[str]] = {key: list(messages) for key, messages in errors.items()}


class InvalidInput(DomainError):
    """The request data breaks a validation rule."""

    @classmethod
    def field(cls, name: str, message: str) -> InvalidInput:
        return cls({name: [message]})


class Unauthorized(DomainError):
    """No usable credentials: a missing or bad token, or a failed login."""

    @classmethod
    def token(cls, message: str) -> Unauthorized:
        return cls({"token": [message]})

    @classmethod
    def credentials(cls) -> Unauthorized:
        return cls({"credentials": ["invalid"]})


class Forbidden(DomainError):
    """Authenticated, but not allowed to touch someone else's resource."""

    def __init__(self, resource: str) -> None:
        super().__init__({resource: ["forbidden"]})


class NotFound(DomainError):
    def __init__(self, resource: str) -> None:
        super().__init__({resource: ["not found"]})


class Conflict(DomainError):
    """A unique value (username, email) is already used by someone else."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__({name: ["has already been taken"] for name in fields})
