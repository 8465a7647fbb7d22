"""Failure root-cause classification of agent runs (the published taxonomy: coarse category + logic cause).

    from evals.classify import classify, load_records
    for record in load_records(Path("failures.json")):
        verdict = classify(record)   # Classification(category, subcategory, confidence, rule, evidence)

`judge(record, model)` asks an LLM instead (optional, needs the provider's key).
"""

from __future__ import annotations

import importlib
from typing import Any

# Names are loaded on first use (PEP 562): evals.results needs `Classification` while the classifier
# itself reads suite definitions that import evals.results, so an eager import here would be circular.
_HOMES = {
    "Agreement": "agreement",
    "agreement": "agreement",
    "classify": "classifier",
    "JudgeError": "judge",
    "JudgeUnavailable": "judge",
    "judge": "judge",
    "RecordFormatError": "loaders",
    "load_records": "loaders",
    "record_from_json": "loaders",
    "records_from_json": "loaders",
    "CATEGORIES": "record",
    "SUBCATEGORIES": "record",
    "ComplianceVerdict": "record",
    "FailureRecord": "record",
    "Labels": "record",
    "RequestResult": "record",
    "TaskInfo": "record",
    "Turn": "record",
    "Classification": "verdict",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    # Importing a submodule binds its name here (`agreement`, `judge`); the function must win.
    globals()[name] = value
    return value


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
