"""Tokens for BM25 over code-laden text: identifiers are kept whole and split into their words.

`FST_ERR_CTP_EMPTY_JSON_BODY` gives the whole code and `fst err ctp empty json body`; `getDefaultJsonParser`
gives itself and `get default json parser`; `c.req.json()` gives `c req json`. Words are stemmed
(Snowball English), so "rejects an empty body" meets "rejected empty bodies".
"""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

_WORD = re.compile(r"[A-Za-z0-9_$@]+(?:[.\-/][A-Za-z0-9_$@]+)*")
_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# English function words; "not" and "no" stay: "is not a function", "no such table".
_FUNCTION_WORDS = """a an and are as at be been but by can do does for from has have if in into is it its of on or so
    such that the their then there these this to was were will with you your when which what how use using
    i we my me our get got"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())
_stemmer = Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer.stemWord(word)


def _parts(word: str) -> list[str]:
    pieces: list[str] = []
    for chunk in re.split(r"[._\-/$@]+", word):
        pieces.extend(_PART.findall(chunk))
    return pieces


def tokenize(text: str) -> list[str]:
    """Lower-case, stemmed tokens of `text`; compound identifiers also count as one token."""
    tokens: list[str] = []
    for match in _WORD.finditer(text):
        word = match.group()
        parts = [part.lower() for part in _parts(word)]
        whole = word.lower().strip("._-/")
        if len(parts) > 1 and len(whole) <= 60:
            tokens.append(whole)
        segments = re.split(r"[./]+", word)
        if len(segments) > 1:  # `sqlalchemy.exc.MissingGreenlet` also gives `missinggreenlet`
            tokens.extend(segment.lower() for segment in segments if len(_parts(segment)) > 1)
        for part in parts:
            if part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                tokens.append(_stem(part))
    return tokens
