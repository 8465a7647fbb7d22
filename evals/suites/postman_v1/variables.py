"""Postman variables for one run: the globals, `{{name}}` substitution and how URLs come out of it.

The behaviour follows what newman 6 does with this collection (checked against it):

* a variable that was never set stays as the literal `{{name}}` text;
* a value set from a script is turned into text the JavaScript way: numbers as `1.5e-7`, arrays
  joined with commas, objects as `[object Object]`, and `null` or `undefined` as `null`;
* substitution repeats while it still replaces something (at most 19 passes), as Postman's does;
* the URL is parsed after substitution, so a `?` or `#` coming from a value starts the query or
  the fragment; the path and query are then percent-encoded with Postman's encode sets, leaving
  existing `%XX` escapes alone.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from typing import Any

from evals.suites.postman_v1 import js

_VARIABLE = re.compile(r"\{\{([^{}]*?)}}")
_MAX_PASSES = 19

_last_stamp = 0
_stamp_lock = threading.Lock()


def new_user_variables(now: float | None = None) -> dict[str, str]:
    """USERNAME, EMAIL and PASSWORD as the official `run-api-tests.sh` makes them.

    The script uses `u$(date +%s)`, `$USERNAME@mail.com` and `password`. Two runs started in the
    same second by this process get different seconds, so that their users never collide.
    """
    global _last_stamp
    with _stamp_lock:
        stamp = max(int(time.time() if now is None else now), _last_stamp + 1)
        _last_stamp = stamp
    username = f"u{stamp}"
    return {"USERNAME": username, "EMAIL": f"{username}@mail.com", "PASSWORD": "password"}


class Globals:
    """The run's global variables, holding script values as they are (so `===` sees the same object)."""

    def __init__(self, initial: Mapping[str, Any] | None = None) -> None:
        self._values: dict[str, Any] = dict(initial or {})

    def get(self, key: str) -> Any:
        """`pm.globals.get(key)`: `undefined` when the variable was never set."""
        return self._values.get(key, js.UNDEFINED)

    def set(self, key: str, value: Any) -> None:
        """`pm.globals.set(key, value)`."""
        self._values[key] = value

    def has(self, key: str) -> bool:
        return key in self._values

    def text(self, key: str) -> str:
        """The value as substitution writes it into a request."""
        value = self._values[key]
        if value is None or value is js.UNDEFINED:
            return "null"
        return js.to_string(value)


def substitute(template: str, variables: Globals) -> str:
    """Replace every `{{name}}` whose variable is set; repeat while anything was replaced."""
    text = template
    for _ in range(_MAX_PASSES):
        replaced = False

        def replace(match: re.Match[str]) -> str:
            nonlocal replaced
            name = match.group(1)
            if not variables.has(name):
                return match.group(0)
            replaced = True
            return variables.text(name)

        text = _VARIABLE.sub(replace, text)
        if not replaced:
            break
    return text


def _encode_set(extra: str) -> frozenset[int]:
    return frozenset([*range(0x20), 0x7F, *(ord(c) for c in extra)])


_PATH_SET = _encode_set(' "<>`#?{}')
_PARAM_KEY_SET = _encode_set(" \"#'<>&=")
_PARAM_VALUE_SET = _encode_set(" \"#'<>&")
_HEX = frozenset(b"0123456789abcdefABCDEF")


def percent_encode(text: str, encode_set: frozenset[int]) -> str:
    """Postman's percent-encoding: UTF-8 bytes, non-ASCII always encoded, `%XX` kept as it is."""
    data = text.encode("utf-8", errors="surrogatepass")
    out: list[str] = []
    i = 0
    while i < len(data):
        byte = data[i]
        if byte == 0x25 and i + 2 < len(data) and data[i + 1] in _HEX and data[i + 2] in _HEX:
            out.append(data[i : i + 3].decode("ascii"))
            i += 3
            continue
        out.append(f"%{byte:02X}" if byte > 0x7F or byte in encode_set else chr(byte))
        i += 1
    return "".join(out)


def _encode_query(query: str) -> str:
    params = []
    for param in query.split("&"):
        key, sep, value = param.partition("=")
        encoded = percent_encode(key, _PARAM_KEY_SET)
        if sep:
            encoded += "=" + percent_encode(value, _PARAM_VALUE_SET)
        params.append(encoded)
    return "&".join(params)


def request_target(url: str, api_url: str) -> str:
    """The encoded path and query of a substituted URL that starts with `api_url`'s origin.

    `api_url` is the APIURL variable (the server root plus `/api`); the part of `url` after the
    origin (scheme, host and port) is returned, for example `/api/articles?tag=dragons`.
    """
    origin_end = api_url.find("/", api_url.find("//") + 2)
    origin = api_url if origin_end == -1 else api_url[:origin_end]
    rest = url[len(origin) :] if url.startswith(origin) else url
    rest = rest.split("#", 1)[0]
    path, sep, query = rest.partition("?")
    target = percent_encode(path or "/", _PATH_SET)
    if sep:
        target += "?" + _encode_query(query)
    return target
