"""Errors litellm raises before any request leaves the machine, which no retry can fix.

litellm wraps whatever goes wrong inside `completion` in its own exception types, often as a connection
error: its Ollama path, for one, parses every past tool call's arguments and reports a JSONDecodeError as
`APIConnectionError`. The exception it wrapped tells them apart from real network trouble.
"""

from __future__ import annotations

# Modules whose exceptions only wrap the failure; the first exception from elsewhere is what happened.
_WRAPPERS = ("litellm", "openai")
# Network libraries: their ValueError subclasses (an invalid URL...) are still about the connection.
_NETWORK = ("httpx", "httpcore", "h11", "ssl", "socket")


def _origin(exc: BaseException) -> BaseException | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__module__.split(".")[0] not in _WRAPPERS:
            return current
        current = current.__cause__ or current.__context__
    return None


def client_side_error(exc: BaseException) -> BaseException | None:
    """The error behind `exc` when litellm failed to build or serialise the request, else None."""
    origin = _origin(exc)
    if not isinstance(origin, ValueError | TypeError):  # json.JSONDecodeError is a ValueError
        return None
    return None if type(origin).__module__.split(".")[0] in _NETWORK else origin


def describe_client_side(origin: BaseException) -> str:
    """One line for the run's reason, without litellm's traceback."""
    text = " ".join(str(origin).split()).split(" Traceback ")[0][:300]
    return f"the request could not be prepared, so it was not retried: {type(origin).__name__}: {text}"
