"""What the index holds (a card or a passage of an installed package's docs) and what a search returns."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from retrieval.card import Card
from retrieval.stack import Stack, applies, specificity

Kind = Literal["card", "package"]


class Document(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    kind: Kind
    title: str
    text: str
    source: str
    languages: list[str] = Field(default_factory=list)
    frameworks: list[str] = Field(default_factory=list)
    orms: list[str] = Field(default_factory=list)
    databases: list[str] = Field(default_factory=list)
    package: str | None = None
    version: str | None = None
    # Indexed with the text but not shown: tags, error signatures (a card's), the heading path (a passage's).
    keywords: str = ""
    priority: int = 2

    def applies(self, stack: Stack | None) -> bool:
        return applies(stack, **self._declared())

    def specificity(self, stack: Stack | None) -> int:
        return specificity(stack, **self._declared())

    def _declared(self) -> dict[str, list[str]]:
        return {"language": self.languages, "framework": self.frameworks, "orm": self.orms, "database": self.databases}

    def indexed_text(self) -> str:
        # Title and keywords count twice: a card's title says the problem in the words an agent meets it.
        return f"{self.title}\n{self.title}\n{self.keywords}\n{self.keywords}\n{self.text}"


def card_document(card: Card) -> Document:
    return Document(
        id=card.id,
        kind="card",
        title=card.title,
        text=card.text(),
        source=card.source[0],
        languages=card.languages,
        frameworks=card.frameworks,
        orms=card.orms,
        databases=card.databases,
        keywords=" ".join([*card.tags, *(pattern.replace("\\", "") for pattern in card.signatures)]),
        priority=card.priority,
    )


class Hit(BaseModel):
    """One search result; `--json` prints these, best first."""

    id: str
    kind: Kind
    title: str
    text: str
    source: str
    score: float
    package: str | None = None
    version: str | None = None
