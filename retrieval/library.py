"""The conventions of one run: the cards, the installed packages of its workspace, and the index over both.

The index is rebuilt when the workspace's install folders change (an `npm install` mid-run), so the
`docs` tool always answers from the versions installed now; the cards alone are indexed in well under
a second, the packages of a typical backend in a few.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from retrieval.card import Card, load_cards
from retrieval.document import Document, Hit, card_document
from retrieval.index import DocsIndex
from retrieval.packages import InstalledPackage, installed_fingerprint, package_documents
from retrieval.signatures import CardMatch, match_error
from retrieval.stack import Stack

CHARS_PER_TOKEN = 4  # the budget is counted like this: close enough for English and code, and stable


def estimate_tokens(text: str) -> int:
    return max(1, (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN)


class ConventionLibrary:
    def __init__(
        self,
        cards: Sequence[Card] | None = None,
        *,
        workspace: Path | None = None,
        extra_venvs: Sequence[Path] = (),
    ) -> None:
        self.cards = list(load_cards() if cards is None else cards)
        self._cards_by_id = {card.id: card for card in self.cards}
        self.workspace = workspace
        self.extra_venvs = list(extra_venvs)
        self.packages: list[InstalledPackage] = []
        self.index_seconds = 0.0
        self._fingerprint: tuple[float, ...] | None = None
        self._index = DocsIndex([card_document(card) for card in self.cards])

    def card(self, card_id: str) -> Card | None:
        return self._cards_by_id.get(card_id)

    @property
    def index(self) -> DocsIndex:
        """The index over the cards and, for a workspace, its installed packages as they are now."""
        if self.workspace is not None:
            fingerprint = installed_fingerprint(self.workspace, self.extra_venvs)
            if fingerprint != self._fingerprint:
                self.reindex(fingerprint)
        return self._index

    def reindex(self, fingerprint: tuple[float, ...] | None = None) -> None:
        started = time.perf_counter()
        passages: list[Document] = []
        if self.workspace is not None:
            self.packages, passages = package_documents(self.workspace, self.extra_venvs)
            fingerprint = fingerprint or installed_fingerprint(self.workspace, self.extra_venvs)
        self._index = DocsIndex([*(card_document(card) for card in self.cards), *passages])
        self._fingerprint = fingerprint
        self.index_seconds = time.perf_counter() - started

    def search(self, query: str, *, stack: Stack | None = None, k: int = 5, package: str | None = None) -> list[Hit]:
        kind = "package" if package else None
        return self.index.search(query, stack=stack, k=k, kind=kind, package=package)

    def explain_error(self, output: str, stack: Stack | None, exclude: set[str] | None = None) -> CardMatch | None:
        """The card for the error in a tool's output (cards only: the index of the packages is not needed)."""
        return match_error(output, self.cards, self._index, stack, exclude)

    def proactive(self, stack: Stack | None, budget_tokens: int, query: str = "") -> list[Card]:
        """The most important cards for `stack` that fit `budget_tokens`, in rank order.

        Rank: priority plus weight for naming the stack (framework and ORM 2 each, database 1), then how
        well the card matches `query` (the task's words). A raw-driver card (a database, no ORM) counts
        one less when the task has an ORM: it applies to raw queries only. The contract's worst traps
        (the Token scheme, public reads, empty bodies) count one more: every task meets them.
        """
        relevance: dict[str, float] = {}
        if query.strip():
            relevance = {hit.id: hit.score for hit in self._index.search(query, stack=stack, k=len(self.cards))}
        candidates = [card for card in self.cards if card_document(card).applies(stack)]
        candidates.sort(key=lambda card: (-_proactive_weight(card, stack), -relevance.get(card.id, 0.0), card.id))
        chosen: list[Card] = []
        used = 0
        for card in candidates:
            cost = estimate_tokens(card.text())
            if used + cost <= budget_tokens:
                chosen.append(card)
                used += cost
        return chosen


def _proactive_weight(card: Card, stack: Stack | None) -> int:
    weight = card.priority
    if stack is None:
        return weight
    if (framework := stack.value("framework")) and framework in card.frameworks:
        weight += 2
    if (orm := stack.value("orm")) and orm in card.orms:
        weight += 2
    if (database := stack.value("database")) and database in card.databases:
        weight += 1
    if stack.value("orm") and card.databases and not card.orms and not card.frameworks:
        weight -= 1
    generic = not (card.languages or card.frameworks or card.orms or card.databases)
    if generic and card.priority == 3 and card.layer in ("contract", "auth", "http"):
        weight += 1  # the API contract's traps, which every task meets
    return weight


def framework_languages(cards: Sequence[Card]) -> dict[str, str]:
    """framework -> language, as the cards declare them (for a stack given by its framework alone)."""
    found: dict[str, str] = {}
    for card in cards:
        if len(card.languages) == 1:
            for framework in card.frameworks:
                found.setdefault(framework, card.languages[0])
    return found
