"""Agreement of classifications with reference labels: accuracy, per-class precision/recall, confusion."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from evals.classify.record import Labels
from evals.taxonomy import Classification


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float | None  # None when the class was never predicted
    recall: float | None  # None when the class never occurs in the reference
    support: int


@dataclass
class Agreement:
    """Coarse agreement over labelled records; subcategory agreement over the logic errors among them."""

    coarse: Counter[tuple[str, str]] = field(default_factory=Counter)  # (reference, predicted) -> count
    sub: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def n(self) -> int:
        return sum(self.coarse.values())

    @property
    def n_logic(self) -> int:
        return sum(self.sub.values())

    @property
    def coarse_accuracy(self) -> float:
        return _accuracy(self.coarse)

    @property
    def sub_accuracy(self) -> float:
        return _accuracy(self.sub)

    def coarse_scores(self) -> list[ClassScore]:
        return _scores(self.coarse)

    def sub_scores(self) -> list[ClassScore]:
        return _scores(self.sub)


def _accuracy(confusion: Counter[tuple[str, str]]) -> float:
    total = sum(confusion.values())
    return sum(n for (ref, pred), n in confusion.items() if ref == pred) / total if total else 0.0


def _scores(confusion: Counter[tuple[str, str]]) -> list[ClassScore]:
    labels = sorted({label for pair in confusion for label in pair})
    scores = []
    for label in labels:
        hit = confusion[(label, label)]
        predicted = sum(n for (_, pred), n in confusion.items() if pred == label)
        support = sum(n for (ref, _), n in confusion.items() if ref == label)
        scores.append(
            ClassScore(label, hit / predicted if predicted else None, hit / support if support else None, support)
        )
    return scores


def agreement(pairs: list[tuple[Labels | None, Classification]]) -> Agreement:
    """Compare each classification with its labels; records without labels are left out."""
    result = Agreement()
    for labels, verdict in pairs:
        if labels is None or labels.category is None:
            continue
        result.coarse[(labels.category, verdict.category)] += 1
        if labels.category == "logic_error" and labels.subcategory is not None:
            # A wrong coarse category counts as a wrong subcategory, shown by the coarse category it got.
            predicted = verdict.subcategory if verdict.category == "logic_error" else f"({verdict.category})"
            result.sub[(labels.subcategory, predicted or "(none)")] += 1
    return result
