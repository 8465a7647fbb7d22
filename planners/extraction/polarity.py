"""Whether a mention asks for its value, rules it out, or only gives an example.

Read backwards from the mention over at most a few words of its clause: a negator ("not", "no",
"without", "instead of", "ohne", "sin"...) before it rules the value out, unless an exception word sits
between ("no database other than PostgreSQL"), or an earlier mention and a switch word do ("replace
SQLite with PostgreSQL"). A negation after the mention counts too ("SQLite is not allowed", "ORM: none").
"""

from __future__ import annotations

import re
from typing import Literal

# illustrates: inside an example given in passing ("(for example ... for SQLAlchemy)"), never a constraint.
Polarity = Literal["asks", "rules-out", "example", "illustrates"]

# Phrases folded to one marker word before the words are read.
_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), marker)
    for pattern, marker in (
        (r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|as\s+opposed\s+to|get\s+rid\s+of|au\s+lieu\s+d[e']"
         r"|en\s+(?:lugar|vez)\s+de|invece\s+d[i']|anstatt|anstelle\s+von|statt)\b", " NEGATOR "),
        (r"\b(?:(?:migrat|switch|mov|port|convert|chang)(?:e|es|ed|ing)?|stop\s+using)\s+(?:away\s+)?from\b",
         " NEGATOR "),
        (r"\b(?:other\s+than|apart\s+from|aside\s+from|besides|except(?:\s+for)?|excepto|sauf|au[sß]er)\b", " EXCEPT "),
        (r"\b(?:for\s+example|for\s+instance|such\s+as|zum\s+beispiel|par\s+exemple|por\s+ejemplo)\b", " EXAMPLE "),
    )
)  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NEGATORS = _words(
    "no not never without avoid avoiding nor neither don't dont doesn't didn't mustn't shouldn't cannot can't "
    "won't isn't aren't drop dropping remove removing ditch ban forbid forbidden exclude excluding skip "
    "replace replacing dropped removed replaced avoided banned excluded ditched skipped abandon abandoned "
    "non sin sans ohne kein keine keinen keiner nicht pas jamais nunca nie niemals senza mai "
    "niente nessun nessuna ni nada negator"
)
# Words that, right after a negator, undo it ("not only", "don't forget to use").
_NOT_NEGATING = _words("only just forget hesitate fail matter problem doubt merely simply")
_STOPS = _words("and then which that so while where und et y e puis dann")
_SWITCHES = _words("with to by into for onto favor favour mit par por con avec")
_LIST_WORDS = _words("or nor and either any the a an other ou oder o")
_WEAK = _words("like example maybe perhaps possibly optionally say ideally")
_WINDOW = 8  # words read backwards from a mention

_AFTER = re.compile(
    r"^\W*(?:(?:is|are|must|should|shall|may|will|can|could|does|do|ist|est|es|wird)\s+)?"
    r"(?:(?:not|never|n't|nicht|pas|no)\s+(?:be\s+|to\s+be\s+)?(?:used|allowed|permitted|wanted|welcome|acceptable"
    r"|an\s+option|needed|required|necessary|desired|ok|okay|fine|erlaubt|gewünscht|autorisée?|permitido|consentito)\b"
    r"|(?:forbidden|banned|prohibited|disallowed|out\b|a\s+no-go|off\s+the\s+table|unnecessary|unwanted"
    r"|verboten|interdite?|prohibido|vietato))"
    r"|^\s*[:=]\s*(?:none|no|nein|non|aucun|ninguno|nessuno|-)(?!\w)",
    re.IGNORECASE,
)
_WORD = re.compile(r"\x00\d+\x00|[\w'\u2019]+")


def fold(clause: str) -> str:
    for pattern, marker in _PHRASES:
        clause = pattern.sub(marker, clause)
    return clause


def polarity(before: str, after: str, mention_marks: set[str], other_marks: frozenset[str] | set[str] = frozenset()
             ) -> Polarity:  # fmt: skip
    """The polarity of the mention between `before` and `after` (folded text of its clause).

    Earlier mentions in `before` are written as marks ("\\x00N\\x00"): `mention_marks` those of the same
    field, `other_marks` those of other fields. A negation reaches over a list of same-field mentions
    ("no SQLite or MySQL") but not past a mention of another field ("replace SQLite with PostgreSQL in
    this Express project": the negator belongs to SQLite).
    """
    if _AFTER.search(after):
        return "rules-out"
    words = [w.lower().replace("\u2019", "'") for w in _WORD.findall(before)][-_WINDOW:]
    exception = switched = weak = False
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        if word in mention_marks:
            if switched:
                return "asks"
            continue
        if word in other_marks:
            between = words[index + 1 :]
            if any(w not in _LIST_WORDS and w not in mention_marks for w in between):
                break
            continue
        if word in _STOPS and following not in mention_marks and following:
            break
        if word == "over" and index > 0 and words[index - 1] in mention_marks:
            return "rules-out"  # "PostgreSQL over SQLite"
        if word in _SWITCHES:
            switched = True
        elif word == "except":
            exception = True
        elif word in _WEAK and index >= len(words) - 3:
            weak = True
        elif word in _NEGATORS and following not in _NOT_NEGATING:
            return "asks" if exception else "rules-out"
    if exception:
        return "rules-out"
    return "example" if weak else "asks"
