"""One BM25 index (bm25s) over convention cards and installed-package passages, searched with a stack filter.

Documents that do not apply to the stack (a Koa card for a Flask task, a Python package's docs for a
Node task) are masked out before ranking; among those left, a card naming the stack's framework, ORM or
database outright is lifted a little above a generic one with the same words.
"""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

from retrieval.card import Card, load_cards
from retrieval.document import Document, Hit, Kind, card_document
from retrieval.stack import Stack
from retrieval.tokens import tokenize

SPECIFIC_BOOST = 0.08  # per stack value a document names explicitly


class DocsIndex:
    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = list(documents)
        self._by_id = {document.id: document for document in self.documents}
        self._position = {document.id: position for position, document in enumerate(self.documents)}
        self._masks: dict[tuple[Stack | None, str | None, str | None], np.ndarray] = {}
        self._bm25 = bm25s.BM25()
        if self.documents:
            self._bm25.index([tokenize(d.indexed_text()) or [""] for d in self.documents], show_progress=False)

    @classmethod
    def from_cards(cls, cards: Sequence[Card] | None = None, extra: Sequence[Document] = ()) -> DocsIndex:
        return cls([*(card_document(card) for card in (load_cards() if cards is None else cards)), *extra])

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, document_id: str) -> Document | None:
        return self._by_id.get(document_id)

    def search(
        self,
        query: str,
        *,
        stack: Stack | None = None,
        k: int = 5,
        kind: Kind | None = None,
        package: str | None = None,
        exclude: set[str] | frozenset[str] = frozenset(),
    ) -> list[Hit]:
        """The `k` best documents for `query` that fit the filters, best first; none without a matching word."""
        tokens = tokenize(query)
        if not tokens or not self.documents or k <= 0:
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64) * self._weights(stack, kind, package)
        for document_id in exclude:
            if (position := self._position.get(document_id)) is not None:
                scores[position] = 0.0
        ranked = np.argsort(-scores, kind="stable")[:k]
        return [self._hit(self.documents[i], float(scores[i])) for i in ranked if scores[i] > 0]

    def _weights(self, stack: Stack | None, kind: str | None, package: str | None) -> np.ndarray:
        """Per document: 0 when filtered out, else 1 plus the lift for naming the stack (cached per filter)."""
        key = (stack, kind, package)
        if key not in self._masks:
            self._masks[key] = np.array(
                [
                    0.0
                    if (kind is not None and d.kind != kind)
                    or (package is not None and d.package != package)
                    or not d.applies(stack)
                    else 1.0 + SPECIFIC_BOOST * d.specificity(stack)
                    for d in self.documents
                ]
            )
        return self._masks[key]

    @staticmethod
    def _hit(document: Document, score: float) -> Hit:
        return Hit(
            id=document.id,
            kind=document.kind,
            title=document.title,
            text=document.text,
            source=document.source,
            score=round(score, 4),
            package=document.package,
            version=document.version,
        )
