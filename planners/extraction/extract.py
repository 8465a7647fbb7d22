"""Read a free-text task as a ConstraintSet, saying which phrase decided each field.

The rules decide first (mentions, polarity, one decision per field). What they leave open (two databases
asked for, no framework named, an ORM of the other language) goes to `resolve`, the planner model's
structured answer, checked like any other input and asked again once with the reason when it does not
hold. Without `resolve` an open question is an AmbiguousTask naming every conflict.
"""

from __future__ import annotations

from planners.constraints.model import ConstraintError, ConstraintSet
from planners.extraction.clauses import remove_contracts
from planners.extraction.decide import decide
from planners.extraction.lexicon import NONE
from planners.extraction.mentions import mentions
from planners.extraction.result import (
    FIELDS,
    AmbiguousTask,
    Conflict,
    ConstraintAnswer,
    Decision,
    Extraction,
    ExtractionError,
    ExtractionQuestion,
    Resolver,
)

_ASKS = 2  # answers the planner model may give before the task is declared unreadable


def read_text(text: str, *, framework: str | None = None) -> tuple[dict[str, Decision], list[Conflict]]:
    """What the rules decide in `text` (language included) and what they leave in conflict."""
    found = mentions(text)
    decisions: dict[str, Decision] = {}
    conflicts: list[Conflict] = []
    for field in ("framework", "language", "architecture", "database", "orm"):
        outcome = decide(field, [m for m in found if m.field == field])  # type: ignore[arg-type]
        if isinstance(outcome, Decision):
            decisions[field] = outcome
        else:
            conflicts.append(outcome)
    if framework is not None:
        stated = decisions.get("framework")
        conflicts = [c for c in conflicts if c.field != "framework"]
        if stated is not None and stated.value != framework:
            reason = f"--framework {framework} but the task asks for {stated.value}"
            phrases = [f"--framework {framework}", stated.phrase or ""]
            conflicts.append(Conflict(field="framework", candidates=[framework, stated.value], phrases=phrases,
                                      reason=reason))  # fmt: skip
        elif stated is None:
            decisions["framework"] = Decision(value=framework, how="given", phrase=f"--framework {framework}")
    if not conflicts:
        try:
            _constraints(decisions)
        except ConstraintError as exc:
            phrases = list(dict.fromkeys(d.phrase for d in decisions.values() if d.phrase and d.how != "default"))
            conflicts.append(Conflict(field="constraints", reason=str(exc), phrases=phrases[-2:]))
    language = decisions.get("language")
    if language is not None and language.value != NONE:
        conflicts = [
            c.model_copy(update={"reason": f"{c.reason} (it says {language.value}: choose one of its frameworks)"})
            if c.field == "framework" and not c.candidates
            else c
            for c in conflicts
        ]
    return decisions, conflicts


def _constraints(decisions: dict[str, Decision]) -> ConstraintSet:
    values = {name: decision.value for name, decision in decisions.items()}
    if values.get("language") == NONE:
        values.pop("language")
    return ConstraintSet(**values)


def _merge(decisions: dict[str, Decision], conflicts: list[Conflict], answer: ConstraintAnswer) -> dict[str, Decision]:
    open_fields = {c.field for c in conflicts}
    whole = "constraints" in open_fields  # a contradiction between fields: the model says which one gives way
    merged = dict(decisions)
    for name in FIELDS:
        choice = getattr(answer, name)
        current = decisions.get(name)
        if name in open_fields or current is None or (whole and choice.value.strip().lower() != current.value):
            merged[name] = Decision(value=choice.value.strip().lower() or NONE, how="model", phrase=choice.phrase)
    if whole:
        merged.pop("language", None)  # the model's framework brings its language
    return merged


def extract(
    text: str, *, framework: str | None = None, resolve: Resolver | None = None, planner: str | None = None
) -> Extraction:
    """The constraints of the task `text`; `framework` is one the caller already knows (--framework)."""
    decisions, conflicts = read_text(text, framework=framework)
    if not conflicts:
        return _result(decisions)
    if resolve is None:
        raise AmbiguousTask(conflicts)
    settled = {name: d for name, d in decisions.items() if name in FIELDS}
    problem: str | None = None
    for _ in range(_ASKS):
        question = ExtractionQuestion(task=remove_contracts(text).strip(), conflicts=conflicts, settled=settled,
                                      problem=problem)  # fmt: skip
        merged = _merge(decisions, conflicts, resolve(question))
        try:
            return _result(merged, settled=conflicts, planner=planner)
        except ConstraintError as exc:
            problem = str(exc)
    raise ExtractionError(
        f"the planner model could not settle the task ({'; '.join(c.describe() for c in conflicts)}): {problem}"
    )


def _result(decisions: dict[str, Decision], *, settled: list[Conflict] | None = None,
            planner: str | None = None) -> Extraction:  # fmt: skip
    constraints = _constraints(decisions)
    final = {
        name: decisions[name].model_copy(update={"value": constraints.value(name)})  # type: ignore[arg-type]
        if name in decisions
        else Decision(value=constraints.value(name), how="default")  # type: ignore[arg-type]
        for name in FIELDS
    }
    return Extraction(constraints=constraints, decisions=final, settled=settled or [], planner=planner)
