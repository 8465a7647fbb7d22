"""From the mentions of one field to its value, or to the conflict a model has to settle.

Stated values come before implied ones (a driver), which come before examples ("a framework such as
Flask"). A generic refusal ("or another database") yields to a stated value; an explicit "none" phrase
("raw SQL is fine") beside a stated ORM is a conflict, as are two stated values or one both asked for and
ruled out. A value outside the catalog is an error naming it, unless a catalog value is asked for too.
"""

from __future__ import annotations

from planners.constraints.model import ARCHITECTURES, DATABASES, FRAMEWORKS, ORMS
from planners.extraction.lexicon import NONE, UNSUPPORTED, Field
from planners.extraction.mentions import Mention
from planners.extraction.result import Conflict, Decision, ExtractionError

CHOICES: dict[str, tuple[str, ...]] = {
    "framework": tuple(FRAMEWORKS),
    "architecture": ARCHITECTURES,
    "database": DATABASES,
    "orm": ORMS,
    "language": ("python", "node"),
}


class UnsupportedValue(ExtractionError):
    """The task asks for a value the catalog does not know."""


def _first_phrases(found: list[Mention], value: str) -> list[str]:
    phrases: list[str] = []
    for mention in found:
        if mention.value == value and mention.phrase not in phrases:
            phrases.append(mention.phrase)
    return phrases


def decide(field: Field, found: list[Mention]) -> Decision | Conflict:
    """The decision for `field` from its mentions (all of that field), or the conflict they leave."""
    asks = [m for m in found if m.polarity == "asks"]
    ruled_out = {m.value for m in found if m.polarity == "rules-out" and m.value not in (NONE, UNSUPPORTED)}
    for strength in ("stated", "implied"):
        values = list(dict.fromkeys(m.value for m in asks if m.strength == strength and m.value != NONE))
        if values:
            break
    else:
        values = list(dict.fromkeys(m.value for m in found if m.polarity == "example" and m.value != NONE))
        strength = "example"
    supported = [v for v in values if v != UNSUPPORTED]
    if not supported and UNSUPPORTED in values:
        mention = next(m for m in found if m.value == UNSUPPORTED and m.polarity in ("asks", "example"))
        raise UnsupportedValue(
            f"the task asks for {mention.label or mention.words} ({_quote(mention.phrase)}), which the catalog does "
            f"not support; {field} is one of {', '.join(CHOICES[field])}"
        )
    explicit_none = [m for m in asks if m.value == NONE and m.strength == "none"]
    spoken_none = [m for m in explicit_none if m.words.lower() not in ("orm", "orms", "database", "db", "architecture")]
    if len(values) > 1:
        return Conflict(field=field, candidates=values, phrases=_phrases(found, values),
                        reason=f"the task asks for {' and '.join(_label(v, found) for v in values)}")  # fmt: skip
    if len(values) == 1:
        value = values[0]
        if value in ruled_out:
            return Conflict(field=field, candidates=[value, NONE], phrases=_first_phrases(found, value),
                            reason=f"the task both asks for {value} and rules it out")  # fmt: skip
        if strength == "stated" and spoken_none:
            return Conflict(field=field, candidates=[value, NONE],
                            phrases=[*_first_phrases(found, value), spoken_none[0].phrase],
                            reason=f"the task asks for {value} and for none ({spoken_none[0].words!r})")  # fmt: skip
        mention = next(m for m in found if m.value == value)
        return Decision(value=value, how=strength, phrase=mention.phrase)  # type: ignore[arg-type]
    if explicit_none:
        return Decision(value=NONE, how="stated", phrase=explicit_none[0].phrase)
    if field == "framework":
        return Conflict(field=field, reason="the task names no framework", candidates=[])
    return Decision(value=NONE, how="default")


def _label(value: str, found: list[Mention]) -> str:
    if value == UNSUPPORTED:
        return next((m.label or m.words for m in found if m.value == UNSUPPORTED), "another value")
    return value


def _phrases(found: list[Mention], values: list[str]) -> list[str]:
    phrases: list[str] = []
    for value in values:
        phrases += [p for p in _first_phrases(found, value)[:1] if p not in phrases]
    return phrases


def _quote(text: str, limit: int = 90) -> str:
    return '"' + (text if len(text) <= limit else text[: limit - 3].rstrip() + "...") + '"'
