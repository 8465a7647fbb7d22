"""The few JavaScript semantics the Postman test scripts rely on, over JSON values held in Python.

A parsed JSON document maps to Python as usual (object -> dict, array -> list, number -> int or
float, null -> None). JavaScript's `undefined`, which property access yields for a missing key, is
the `UNDEFINED` sentinel. Operations that throw in JavaScript raise `ScriptError`, which stops the
script at that point just as a thrown TypeError stops a Postman test script.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any, Final


class _Undefined:
    """JavaScript's `undefined`: falsy, distinct from `null` (None)."""

    _instance: _Undefined | None = None

    def __new__(cls) -> _Undefined:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "undefined"

    def __bool__(self) -> bool:
        return False


UNDEFINED: Final = _Undefined()


class ScriptError(Exception):
    """An exception thrown by a test script (TypeError, JSONError...), as JavaScript would throw it."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _as_double(value: int | float) -> float:
    """The IEEE double JavaScript would hold for a JSON number (huge integers overflow to Infinity)."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _kind_of_nullish(value: Any) -> str:
    return "null" if value is None else "undefined"


# --- conversions -------------------------------------------------------------------------------


def number_to_string(value: float) -> str:
    """JavaScript's Number::toString (shortest round-trip digits, JS exponent rules)."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits_tuple, exponent = Decimal(repr(abs(float(value)))).normalize().as_tuple()[1:]
    digits = "".join(str(d) for d in digits_tuple)
    k = len(digits)
    n = k + int(exponent)  # the value is 0.<digits> * 10**n
    if k <= n <= 21:
        text = digits + "0" * (n - k)
    elif 0 < n <= 21:
        text = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        text = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
        text = f"{mantissa}e{'+' if e > 0 else '-'}{abs(e)}"
    return sign + text


def to_string(value: Any) -> str:
    """JavaScript's String(value) for JSON values and `undefined`."""
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if _is_number(value):
        return number_to_string(_as_double(value)) if isinstance(value, float) or abs(value) >= 2**53 else str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ",".join("" if item is None or item is UNDEFINED else to_string(item) for item in value)
    return "[object Object]"


_JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_DECIMAL = re.compile(r"[+-]?(?:Infinity|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)", re.ASCII)
_RADIX = re.compile(r"0(?:[xX][0-9a-fA-F]+|[oO][0-7]+|[bB][01]+)", re.ASCII)


def string_to_number(text: str) -> float:
    """JavaScript's ToNumber on a string: NaN unless the whole (trimmed) string is a numeric literal."""
    text = text.strip(_JS_WHITESPACE)
    if not text:
        return 0.0
    if _DECIMAL.fullmatch(text):
        return float(text.replace("Infinity", "inf"))
    if _RADIX.fullmatch(text):
        return float(int(text[2:], {"x": 16, "o": 8, "b": 2}[text[1].lower()]))
    return math.nan


def to_primitive(value: Any) -> Any:
    """ToPrimitive with the number hint: arrays and objects become their string form."""
    return to_string(value) if isinstance(value, list | dict) else value


def to_number(value: Any) -> float:
    """JavaScript's ToNumber."""
    value = to_primitive(value)
    if value is UNDEFINED:
        return math.nan
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if isinstance(value, str):
        return string_to_number(value)
    return _as_double(value)


def truthy(value: Any) -> bool:
    """JavaScript truthiness: undefined, null, false, 0, NaN and "" are falsy; every object is truthy."""
    if value is UNDEFINED or value is None or value is False:
        return False
    if _is_number(value):
        number = _as_double(value)
        return not (number == 0 or math.isnan(number))
    if isinstance(value, str):
        return value != ""
    return True


# --- operators and built-ins ---------------------------------------------------------------------


def or_(left: Any, right: Any) -> Any:
    """`left || right` (both sides are already evaluated; the scripts only use literals on the right)."""
    return left if truthy(left) else right


def strict_equals(left: Any, right: Any) -> bool:
    """`left === right`: same type and value; objects and arrays only equal themselves."""
    if _is_number(left) and _is_number(right):
        return _as_double(left) == _as_double(right)
    if isinstance(left, list | dict) or isinstance(right, list | dict):
        return left is right
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    return left is right  # undefined and null


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", errors="surrogatepass")


def greater_than(left: Any, right: Any) -> bool:
    """`left > right`, with JavaScript's coercions (strings compare by UTF-16 code units)."""
    left, right = to_primitive(left), to_primitive(right)
    if isinstance(left, str) and isinstance(right, str):
        return _utf16(left) > _utf16(right)
    a, b = to_number(left), to_number(right)
    return not (math.isnan(a) or math.isnan(b)) and a > b


def is_integer(value: Any) -> bool:
    """`Number.isInteger(value)`: a finite number with no fraction (3 and 3.0, not true or "3")."""
    if not _is_number(value):
        return False
    number = _as_double(value)
    return math.isfinite(number) and number.is_integer()


def is_array(value: Any) -> bool:
    """`Array.isArray(value)`."""
    return isinstance(value, list)


def _array_index(key: str | int) -> int | None:
    if isinstance(key, int):
        return key if key >= 0 else None
    if key.isascii() and key.isdigit() and (key == "0" or not key.startswith("0")):
        return int(key)
    return None


def get(target: Any, key: str | int) -> Any:
    """`target[key]` / `target.key`; throws a TypeError on null and undefined as JavaScript does."""
    if target is None or target is UNDEFINED:
        raise ScriptError(
            "TypeError", f"Cannot read properties of {_kind_of_nullish(target)} (reading '{to_string(key)}')"
        )
    if isinstance(target, dict):
        return target.get(key if isinstance(key, str) else str(key), UNDEFINED)
    if isinstance(target, list | str):
        if key == "length":
            return len(target) if isinstance(target, list) else len(_utf16(target)) // 2
        index = _array_index(key)
        if index is None:
            return UNDEFINED
        if isinstance(target, list):
            return target[index] if index < len(target) else UNDEFINED
        units = _utf16(target)
        if 2 * index + 2 > len(units):
            return UNDEFINED
        return units[2 * index : 2 * index + 2].decode("utf-16-be", errors="surrogatepass")
    return UNDEFINED  # numbers and booleans have none of the properties the scripts read


def has_own_property(target: Any, key: str, *, expression: str = "value") -> bool:
    """`target.hasOwnProperty(key)`; `expression` names `target` in the TypeError message."""
    if target is None or target is UNDEFINED:
        raise ScriptError(
            "TypeError", f"Cannot read properties of {_kind_of_nullish(target)} (reading 'hasOwnProperty')"
        )
    if isinstance(target, dict):
        if "hasOwnProperty" in target:  # an own property shadows the method
            raise ScriptError("TypeError", f"{expression}.hasOwnProperty is not a function")
        return key in target
    if isinstance(target, list | str):
        if key == "length":
            return True
        index = _array_index(key)
        return index is not None and index < get(target, "length")
    return False


def json_parse(text: Any) -> Any:
    """`JSON.parse(text)` as the Postman sandbox does it: a leading byte order mark is ignored."""
    source = to_string(text)
    for bom in ("\ufeff", "\ubbbf", "\u00fe\u00ff", "\u00ff\u00fe", "\u00ef\u00bb\u00bf"):
        if source.startswith(bom):
            source = source[len(bom) :]
            break
    if not source:
        raise ScriptError("JSONError", "No data, empty input at 1:1")

    def reject_constant(name: str) -> Any:
        raise ValueError(f"{name} is not JSON")

    try:
        return json.loads(source, parse_constant=reject_constant)
    except (ValueError, RecursionError) as exc:
        snippet = source if len(source) <= 60 else source[:57] + "..."
        raise ScriptError("JSONError", f"{json.dumps(snippet)} is not valid JSON ({exc})") from None


def _translate(source: str) -> str:
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
            out.append(char)
        elif char == "[":
            in_class = True
            out.append(char)
        elif char == ".":
            out.append("[^\\n\\r\\u2028\\u2029]")
        elif char == "$":
            out.append(r"\Z")
        else:
            out.append(char)
        i += 1
    return "".join(out)


class JsRegExp:
    """A JavaScript regular expression without flags, translated for Python's `re`.

    `\\d` is ASCII only, `.` excludes all four JavaScript line terminators and `$` matches only at
    the very end of the input (Python's `$` would also match before a final newline).
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self._pattern = re.compile(_translate(source), re.ASCII)

    def test(self, value: Any) -> bool:
        """`/re/.test(value)`: the value is converted to a string first (undefined -> "undefined")."""
        return self._pattern.search(to_string(value)) is not None
