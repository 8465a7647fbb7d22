"""Constraint extraction: a free-text task read as a validated ConstraintSet, each field with its phrase.

Read first: `extract.py` (`extract`), then `mentions.py` (what counts as a mention and its polarity,
`polarity.py`, over the clauses of `clauses.py`) and `decide.py` (mentions of one field to a value).
The words themselves are in `lexicon.py`. The planner model is a callable (`Resolver`) the caller
passes in, so this package imports no model code.
"""

from planners.extraction.extract import extract, read_text
from planners.extraction.result import (
    AmbiguousTask,
    Conflict,
    ConstraintAnswer,
    Decision,
    Extraction,
    ExtractionError,
    ExtractionQuestion,
    FieldChoice,
    Resolver,
    spec_extraction,
)

__all__ = [
    "AmbiguousTask",
    "Conflict",
    "ConstraintAnswer",
    "Decision",
    "Extraction",
    "ExtractionError",
    "ExtractionQuestion",
    "FieldChoice",
    "Resolver",
    "extract",
    "read_text",
    "spec_extraction",
]
