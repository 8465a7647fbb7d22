"""Read failure records from a JSON file in any of the three accepted formats, one record or a list.

* the published judge-validation format (`newman_summary`, `server_log`, `trajectory`...);
* `FailureRecord` JSON (this package's own format);
* `EvalResult` documents written by `cagent eval --json`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from evals.classify.formats.dataset import from_dataset, is_dataset_record
from evals.classify.formats.eval_result import from_eval_result, is_eval_result
from evals.classify.record import FailureRecord

_OWN_KEYS = frozenset(FailureRecord.model_fields) - {"id", "labels"}


class RecordFormatError(ValueError):
    """The input is not something the classifier can read; the message is one line."""


def record_from_json(raw: Any, where: str = "record") -> FailureRecord:
    """One record from its decoded JSON, whatever its format."""
    if not isinstance(raw, dict):
        raise RecordFormatError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    try:
        if is_eval_result(raw):
            return from_eval_result(raw)
        if is_dataset_record(raw):
            return from_dataset(raw)
        if _OWN_KEYS & raw.keys():
            return FailureRecord.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "record"
        raise RecordFormatError(f"{where}: invalid field {field}: {first['msg']}") from None
    raise RecordFormatError(
        f"{where}: unrecognised format (expected a FailureRecord, an eval result or a judge-validation record)"
    )


def records_from_json(data: Any) -> list[FailureRecord]:
    items = data if isinstance(data, list) else [data]
    if not items:
        raise RecordFormatError("the file holds an empty list")
    records = [record_from_json(item, f"record {i + 1}") for i, item in enumerate(items)]
    for i, record in enumerate(records):
        record.id = record.id or f"record-{i + 1}"
    return records


def load_records(path: Path) -> list[FailureRecord]:
    """Every record of a JSON file; RecordFormatError (one line) for anything unreadable."""
    if not path.is_file():
        raise RecordFormatError(f"no such file: {path}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RecordFormatError(f"{path} is not JSON: {exc}") from None
    return records_from_json(data)
