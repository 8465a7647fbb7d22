"""Answers a model server gives with status 200 that hold no completion.

Servers under load sometimes answer a completion with an empty `choices` list, which goes away on retry
like a 5xx. A body that is not JSON at all (a proxy's HTML page, an empty body) surfaces from litellm as a
500 whose message is the SDK's response object; the body itself, kept by the JSONDecodeError behind it,
is what a user needs to see.
"""

from __future__ import annotations

import json
import re

BODY_SHOWN_CHARS = 200
# litellm's own wording when the body parsed but is not a completion (a JSON string, a list...)
_INVALID = re.compile(r"Empty or invalid response from LLM endpoint\. Received: (.*?)\. Check the", re.DOTALL)


class EmptyChoices(Exception):
    """A completion without choices; retried like a 5xx."""


def _shown(body: str, quoted: bool = False) -> str:
    """`body` on one line and cut short; `quoted` when litellm already wrote it as a Python repr."""
    body = " ".join(body.split())
    if not body:
        return "an empty body"
    cut = body if len(body) <= BODY_SHOWN_CHARS else body[:BODY_SHOWN_CHARS] + "..."
    return cut if quoted else repr(cut)


def unusable_body(exc: BaseException) -> str | None:
    """One line saying what the server sent when `exc` is litellm failing to read a 200's body, else None."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, json.JSONDecodeError):
            return f"the server answered with a body that is not JSON: {_shown(current.doc)}"
        current = current.__cause__ or current.__context__
    found = _INVALID.search(str(exc))
    if found:
        return f"the server answered with a body that is not a completion: {_shown(found.group(1), quoted=True)}"
    return None
