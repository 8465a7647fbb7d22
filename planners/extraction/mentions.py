"""Find every mention of a constraint value in a task, with its polarity and the sentence holding it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from planners.extraction.clauses import Clause, clauses
from planners.extraction.lexicon import EXPLICIT_NONE, GENERIC, LAYER_WORDS, NONE, TERMS, Field, Term
from planners.extraction.polarity import Polarity, fold, polarity

# stated: names the value; implied: a driver or package that entails it; none: says "none of them" in words.
Strength = Literal["stated", "implied", "none"]

_ANY_TERM = re.compile("|".join(f"(?:{term.pattern.pattern})" for term in TERMS), re.IGNORECASE)
_LAYER_CUE = re.compile(
    r"->|→|=>|>|\blayer(?:s|ed)?\b|\btiers?\b|\bseparat|\bsplit\b|\bdirector|\bfolders?\b|\borgani[sz]|\bdepend"
    r"|\bimport|\bcalls?\b|\bschicht|\bcouches?\b|\bcapas?\b|\bstrati\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    field: Field
    value: str  # a catalog value, "none", or "unsupported"
    polarity: Polarity
    strength: Strength
    phrase: str  # the sentence that holds it
    words: str  # the words matched
    label: str = ""


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    field: Field
    value: str
    strength: Strength
    label: str = ""


def _term_hits(text: str) -> list[_Hit]:
    hits = [
        _Hit(m.start(), m.end(), t.field, t.value, t.strength, t.label)
        for t in TERMS
        for m in t.pattern.finditer(text)
        if m.group().strip()
    ]
    # Within one field the longest match wins ("postgresql://..." over "postgresql", "Django ORM" over "Django").
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    kept: list[_Hit] = []
    for hit in hits:
        if not any(k.field == hit.field and k.start < hit.end and hit.start < k.end for k in kept):
            kept.append(hit)
    # A word inside a longer mention of another field belongs to it ("Django" in "the Django ORM").
    return [
        hit
        for hit in kept
        if not any(o.field != hit.field and o.start <= hit.start and hit.end <= o.end and
                   (o.end - o.start) > (hit.end - hit.start) for o in kept)
    ]  # fmt: skip


def _marked_before(text: str, hit: _Hit, hits: list[_Hit]) -> tuple[str, set[str], set[str]]:
    """The text before `hit` with the earlier mentions written as marks: those of its field, and the others."""
    before, same, other_marks, cursor = [], set(), set(), 0
    for index, other in enumerate(hits):
        if other is hit or other.end > hit.start or other.start < cursor:
            continue
        mark = f"\x00{index}\x00"
        before += [text[cursor : other.start], f" {mark} "]
        (same if other.field == hit.field else other_marks).add(mark)
        cursor = other.end
    before.append(text[cursor : hit.start])
    return "".join(before), same, other_marks


def _after(text: str, hit: _Hit, hits: list[_Hit]) -> str:
    following = [other.start for other in hits if other.start >= hit.end]
    return text[hit.end : min(following, default=len(text))]


def _clause_mentions(clause: Clause) -> list[Mention]:
    text = fold(clause.text)
    hits = _term_hits(text)
    for field, pattern in EXPLICIT_NONE.items():
        hits += [_Hit(m.start(), m.end(), field, NONE, "none") for m in pattern.finditer(text)]
    generic = [_Hit(m.start(), m.end(), field, NONE, "none") for field, p in GENERIC.items() for m in p.finditer(text)]
    found = []
    for hit in hits + generic:
        before, same, others = _marked_before(text, hit, hits)
        sense = "illustrates" if clause.example else polarity(before, _after(text, hit, hits), same, others)
        if hit in generic:
            if sense != "rules-out":  # "the SQLAlchemy ORM" asks for nothing; "no ORM" asks for none
                continue
            sense = "asks"
        found.append(Mention(hit.field, hit.value, sense, hit.strength, clause.sentence, text[hit.start : hit.end],
                             hit.label))  # fmt: skip
    return found


def _layer_mention(sentence: str) -> Mention | None:
    """Three of the four layers named together, with a word about structure, mean Clean Architecture."""
    starts = {layer: m.start() for layer, p in LAYER_WORDS.items() if (m := p.search(sentence))}
    if len(starts) < 3 or not _LAYER_CUE.search(sentence):
        return None
    first = min(starts.values())
    sense = polarity(fold(sentence[:first]), "", set())
    return Mention("architecture", "clean", sense, "stated", sentence, "layers " + ", ".join(sorted(starts)))


def mentions(text: str) -> list[Mention]:
    """Every mention in `text`, in reading order."""
    found: list[Mention] = []
    seen_sentences: set[str] = set()
    for clause in clauses(text, _ANY_TERM):
        found += _clause_mentions(clause)
        if clause.sentence not in seen_sentences:
            seen_sentences.add(clause.sentence)
            layered = _layer_mention(clause.sentence)
            if layered is not None:
                found.append(layered)
    return found


__all__ = ["Mention", "Term", "mentions"]
