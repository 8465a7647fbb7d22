"""Failure root-cause classification of agent runs (the published taxonomy: coarse category + logic cause).

    from evals.classify import classify, load_records
    for record in load_records(Path("failures.json")):
        verdict = classify(record)   # Classification(category, subcategory, confidence, rule, evidence)

`judge(record, model)` asks an LLM instead (optional, needs the provider's key). The taxonomy and
`Classification` live in `evals.taxonomy`, which result documents import without the classifier.
"""

from __future__ import annotations

from evals.classify.agreement import Agreement, agreement
from evals.classify.classifier import classify
from evals.classify.formats.loaders import RecordFormatError, load_records, record_from_json, records_from_json
from evals.classify.judge import JudgeError, JudgeUnavailable, judge
from evals.classify.record import ComplianceVerdict, FailureRecord, Labels, RequestResult, TaskInfo, Turn
from evals.taxonomy import CATEGORIES, SUBCATEGORIES, Classification

__all__ = [
    "CATEGORIES",
    "SUBCATEGORIES",
    "Agreement",
    "Classification",
    "ComplianceVerdict",
    "FailureRecord",
    "JudgeError",
    "JudgeUnavailable",
    "Labels",
    "RecordFormatError",
    "RequestResult",
    "TaskInfo",
    "Turn",
    "agreement",
    "classify",
    "judge",
    "load_records",
    "record_from_json",
    "records_from_json",
]
