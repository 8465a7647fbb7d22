"""`cagent classify FILE.json`: why each failed run failed, with the evidence, and agreement with labels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from agent.console import console, fail
from evals.classify import (
    Classification,
    FailureRecord,
    JudgeError,
    JudgeUnavailable,
    RecordFormatError,
    agreement,
    classify,
    load_records,
)
from evals.classify.judge import Judge, check_access
from evals.classify.report import confusion_table, summary_line, verdict_table
from tools.atomic import write_atomic
from tools.environment_failure import EnvironmentFailure


def _classify_all(records: list[FailureRecord], judge_model: str | None) -> list[Classification]:
    if judge_model is None:
        return [classify(record) for record in records]
    judge = Judge(judge_model)
    with console.status(f"asking {judge_model}...") as status:
        verdicts = []
        for i, record in enumerate(records, start=1):
            status.update(f"asking {judge_model}: record {i}/{len(records)}")
            verdicts.append(judge.classify(record))
    console.print(f"judge {judge_model}: {judge.calls} calls, cost ${judge.cost_usd:.4f}", highlight=False)
    return verdicts


def classify_command(
    file: Annotated[Path, typer.Argument(help="JSON file: failure records, judge-validation records or eval results")],
    json_out: Annotated[Path | None, typer.Option("--json", help="write the classifications here")] = None,
    judge_model: Annotated[
        str | None, typer.Option("--judge", help="ask this LLM (litellm model name) instead of the rules")
    ] = None,
) -> None:
    """Classify failed runs into the failure taxonomy (category, logic root cause, evidence). Exit 0 when it ran."""
    try:
        records = load_records(file)
        if judge_model is not None:
            check_access(judge_model)
        verdicts = _classify_all(records, judge_model)
    except (RecordFormatError, JudgeUnavailable, JudgeError) as exc:
        raise fail(str(exc)) from None
    rows = list(zip(records, verdicts, strict=True))
    console.print(verdict_table(rows))
    result = agreement([(record.labels, verdict) for record, verdict in rows])
    if result.n:
        console.print(summary_line(result))
        if result.coarse_accuracy < 1.0:
            console.print(confusion_table("coarse category", result.coarse))
    if json_out is not None:
        document = [
            {
                "id": record.id,
                "classification": verdict.model_dump(mode="json"),
                "labels": record.labels.model_dump(mode="json") if record.labels else None,
            }
            for record, verdict in rows
        ]
        try:
            write_atomic(json_out, json.dumps(document, indent=2, ensure_ascii=False))
        except EnvironmentFailure as exc:
            raise fail(exc.reason) from None
        console.print(f"classifications written to {json_out}")
