"""Cut a task's text into clauses, the unit a negation reaches over.

A negation ("do not use SQLite") reaches to the end of its clause: clauses end at sentence ends, `;`,
commas, "but", "however" and dashes, and a parenthesis is a clause of its own. A comma does not end
the clause when what follows only continues a list ("no SQLite, MySQL or MongoDB"). Examples given in
a parenthesis ("(for example `postgresql+psycopg://` for SQLAlchemy)") illustrate, they do not ask,
and are kept out. The OpenAPI document a task embeds is not prose and is removed first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<fence>```|~~~)[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
_OPENAPI = re.compile(r"^\s*[\"']?(?:openapi|swagger)[\"']?\s*:", re.MULTILINE)
_ABBREVIATIONS = {
    r"\be\.\s?g\.": "for example",
    r"\bi\.\s?e\.": "that is",
    r"\bz\.\s?B\.": "for example",
    r"\bp\.\s?ex\.": "for example",
    r"\bvs\.": "versus",
    r"\betc\.": "etc",
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|;\s*|\s+(?:\u2013|\u2014|-{1,2})\s+")
_CLAUSE_BREAK = re.compile(
    r",\s*|\s+(?:but|however|whereas|although|though|yet|aber|mais|pero|ma|sondern|sino)\s+", re.IGNORECASE
)
_PAREN = re.compile(r"\(([^()]*)\)")
_EXAMPLE = re.compile(
    r"^\s*(?:for\s+example|for\s+instance|such\s+as|say|like|zum\s+Beispiel|par\s+exemple|por\s+ejemplo)\b",
    re.IGNORECASE,
)
# A concession names what others do, not what the task asks ("Although many projects use SQLite, ...").
_CONCESSION = re.compile(
    r"^\s*(?:although|though|even\s+though|while|whilst|unlike|obwohl|bien\s+que|aunque)\b", re.IGNORECASE
)
_MARKUP = re.compile(r"\*\*|__|`|^\s{0,3}#{1,6}\s*|^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
# A clause made only of list words joins the clause before it ("..., MySQL or MongoDB").
_LIST_WORDS = frozenset({"or", "nor", "and", "either", "neither", "any", "the", "a", "an", "other", "ou", "oder", "o"})


@dataclass(frozen=True)
class Clause:
    text: str
    sentence: str  # the sentence it belongs to, quoted as the deciding phrase
    example: bool = False  # text that illustrates rather than asks: its mentions are not constraints


def remove_contracts(text: str) -> str:
    """The text without the fenced blocks that hold an OpenAPI document (other code blocks stay)."""

    def keep(match: re.Match[str]) -> str:
        return "\n" if _OPENAPI.search(match["body"]) else match["body"]

    return _FENCE.sub(keep, text)


def _plain(text: str) -> str:
    text = _MARKUP.sub("", text)
    for pattern, replacement in _ABBREVIATIONS.items():
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def sentences(text: str) -> list[str]:
    """Sentences of the prose of `text`, one per line at least (headings and bullets end a sentence)."""
    found = []
    for line in _plain(remove_contracts(text)).splitlines():
        found += [" ".join(part.split()) for part in _SENTENCE_END.split(line) if part and part.strip()]
    return found


def is_list_tail(text: str, word_is_mention: re.Pattern[str]) -> bool:
    """Whether `text` holds nothing but mentions joined by list words."""
    rest = word_is_mention.sub(" ", text)
    return bool(word_is_mention.search(text)) and all(w.lower() in _LIST_WORDS for w in rest.split())


def clauses(text: str, mention: re.Pattern[str]) -> list[Clause]:
    """Every clause of `text`, in order; `mention` finds the words that name a constraint value."""
    found: list[Clause] = []
    for sentence in sentences(text):
        for inner in _PAREN.findall(sentence):
            example = bool(_EXAMPLE.match(inner))
            found += [Clause(part, sentence, example=example) for part in _split(inner, mention)]
        found += [Clause(part, sentence, example=bool(_CONCESSION.match(part)))
                  for part in _split(_PAREN.sub(" ", sentence), mention)]  # fmt: skip
    return found


def _split(text: str, mention: re.Pattern[str]) -> list[str]:
    parts = [part.strip() for part in _CLAUSE_BREAK.split(text) if part and part.strip()]
    merged: list[str] = []
    for part in parts:
        if merged and is_list_tail(part, mention):
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged
