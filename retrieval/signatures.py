"""Reactive retrieval: find the error a tool observation carries and the one card that explains it.

Two steps, precise first. A card's own `signatures` (regexes of text only that mistake produces, like
`FST_ERR_CTP_EMPTY_JSON_BODY`) decide when one matches; the longest match wins between cards. Otherwise
the observation's error lines (exceptions, error codes, failing statuses, database errors) are searched
with BM25, and the best card is taken only when its score clears a floor, so a vague log line attaches
nothing rather than something wrong.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from retrieval.card import Card
from retrieval.index import DocsIndex
from retrieval.stack import Stack, applies, specificity

MIN_SEARCH_SCORE = 9.0
MAX_ERROR_TEXT = 2000
# What makes a line an error line: exception names and messages, error codes, failing HTTP statuses.
_ERROR_LINE = re.compile(
    r"\b\w*(Error|Exception|Warning)\b|\bERR(OR)?\b|\b[A-Z]{2,}_[A-Z_]{3,}\b|\bE[A-Z]{4,}\b|Traceback|"
    r"\bfailed\b|\bcannot\b|\bcan't\b|\bnot (a function|defined|found|installed|supported)\b|does not exist|"
    r"\bHTTP/\d(\.\d)? [45]\d\d\b|\bstatus(Code)?[\":= ]+[45]\d\d\b|\b[45]\d\d (Bad|Unauthorized|Forbidden|Not Found|"
    r"Method|Unprocessable|Internal|Unsupported)|\"errors?\"\s*:",
    re.IGNORECASE,
)


class CardMatch(BaseModel):
    card_id: str
    reason: str
    evidence: str
    score: float | None = None


def error_text(output: str) -> str:
    """The lines of `output` that report an error, in order, without repeats, at most MAX_ERROR_TEXT long."""
    seen: set[str] = set()
    kept: list[str] = []
    for line in output.splitlines():
        stripped = line.strip()
        if stripped and stripped not in seen and _ERROR_LINE.search(stripped):
            seen.add(stripped)
            kept.append(stripped[:400])
    return "\n".join(kept)[:MAX_ERROR_TEXT]


def signature_match(output: str, cards: Sequence[Card], stack: Stack | None, exclude: set[str]) -> CardMatch | None:
    """The card whose signature matches `output` (longest match first), among cards for `stack`."""
    best: tuple[int, int, Card, str] | None = None
    for card in cards:
        if card.id in exclude or not _fits(card, stack):
            continue
        for pattern in card.patterns:
            found = pattern.search(output)
            if found:
                key = (len(found.group()), _specific(card, stack))
                if best is None or key > best[:2]:
                    best = (*key, card, found.group())
    if best is None:
        return None
    _, _, card, text = best
    return CardMatch(card_id=card.id, reason=f"the output contains `{text.strip()[:120]}`", evidence=text)


def search_match(output: str, index: DocsIndex, stack: Stack | None, exclude: set[str]) -> CardMatch | None:
    """The best card for the error lines of `output`, if it scores at least MIN_SEARCH_SCORE."""
    errors = error_text(output)
    if not errors:
        return None
    hits = index.search(errors, stack=stack, k=1, kind="card", exclude=exclude)
    if not hits or hits[0].score < MIN_SEARCH_SCORE:
        return None
    first_line = errors.splitlines()[0][:160]
    return CardMatch(
        card_id=hits[0].id,
        reason=f"the error `{first_line}` matches this card (BM25 score {hits[0].score:.1f})",
        evidence=first_line,
        score=hits[0].score,
    )


def match_error(
    output: str, cards: Sequence[Card], index: DocsIndex, stack: Stack | None, exclude: set[str] | None = None
) -> CardMatch | None:
    """The card to attach to an observation, or None when it carries no recognisable error."""
    skip = exclude or set()
    return signature_match(output, cards, stack, skip) or search_match(output, index, stack, skip)


def _declared(card: Card) -> dict[str, list[str]]:
    return {"language": card.languages, "framework": card.frameworks, "orm": card.orms, "database": card.databases}


def _fits(card: Card, stack: Stack | None) -> bool:
    return applies(stack, **_declared(card))


def _specific(card: Card, stack: Stack | None) -> int:
    return specificity(stack, **_declared(card))
