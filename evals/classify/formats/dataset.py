"""Records in the format of the published judge-validation set, mapped to `FailureRecord` as they are.

That format keeps the judge's inputs as text: `newman_summary` has one line per failing request
(`Current User GET → 500: 5 failed`; an empty status means no response came back),
`task_description` reads `Framework: X, Runtime: Y, Constraints: a, b`, and `trajectory` is a run of
`[assistant]` / `[user]` blocks. Human labels sit in `human_subcategory` (logic errors only) and,
when present, `human_category`.
"""

from __future__ import annotations

import re
from typing import Any

from evals.classify.record import (
    ComplianceVerdict,
    FailureRecord,
    Labels,
    RequestResult,
    TaskInfo,
    Turn,
)
from evals.suites.postman_v1.requests import REQUESTS
from evals.taxonomy import CATEGORIES, SUBCATEGORIES

# The summaries come from newman runs of the Conduit collection: its scripted requests are the universe,
# so a request absent from the summary passed.
COLLECTION_SCRIPTED_REQUESTS = sum(1 for spec in REQUESTS if spec.script is not None)

_SUMMARY_LINE = re.compile(
    r"^(?P<name>.+?)\s+(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s*(?:→|->)\s*"
    r"(?P<status>[^:\s]*)\s*:\s*(?P<failed>\d+)\s+failed\s*$"
)
_NO_RUN = re.compile(r"no newman csv|never started", re.IGNORECASE)
_ROLE_LINE = re.compile(r"^\[(assistant|user|system|tool)\]\s*$", re.MULTILINE)

DATASET_KEYS = frozenset({"newman_summary", "task_description"})
_CATEGORY_KEYS = ("human_category", "human_coarse_category", "human_coarse")
# The published judge also saw the static verifiers' failures; records may carry them under these keys.
_VERIFIER_KEYS = ("compliance", "verifier_failures", "verifiers", "verifier_results", "verifier_summary")
_FAILED_WORDS = re.compile(r"fail|violat|non-?compliant|missing|false", re.IGNORECASE)


def is_dataset_record(raw: dict[str, Any]) -> bool:
    return bool(DATASET_KEYS & raw.keys())


def parse_summary(text: str) -> tuple[list[RequestResult], bool | None]:
    """Failing requests of a newman summary, and False when it says the suite never ran."""
    requests: list[RequestResult] = []
    for line in text.splitlines():
        match = _SUMMARY_LINE.match(line.strip())
        if match is None:
            continue
        status = match.group("status")
        requests.append(
            RequestResult(
                name=match.group("name").strip(),
                method=match.group("method"),
                status=int(status) if status.isdigit() else None,  # empty, "None"...: no response
                failed=int(match.group("failed")),
            )
        )
    never_ran = not requests and bool(_NO_RUN.search(text))
    return requests, (False if never_ran else None)


def parse_task(text: str, name: str = "") -> TaskInfo:
    fields = dict(re.findall(r"(Framework|Runtime|Constraints):\s*([^:]*?)(?=,\s*\w+:|$)", text))
    constraints_text = fields.get("Constraints", "")
    constraints = [] if constraints_text.lower().startswith("none") else _split(constraints_text)
    return TaskInfo(name=name, framework=fields.get("Framework", "").strip(), constraints=constraints, description=text)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def parse_trajectory(value: Any) -> list[Turn]:
    """`[role]` blocks to turns; a list is taken as it is."""
    if isinstance(value, list):
        return [Turn(content=v) if isinstance(v, str) else Turn.model_validate(v) for v in value]
    text = str(value or "")
    marks = list(_ROLE_LINE.finditer(text))
    if not marks:
        return [Turn(content=text)] if text.strip() else []
    turns = []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        turns.append(Turn(role=mark.group(1), content=text[mark.end() : end].strip("\n")))
    return turns


def _labels(raw: dict[str, Any]) -> Labels | None:
    category = next((raw[k] for k in _CATEGORY_KEYS if raw.get(k) in CATEGORIES), None)
    subcategory = raw.get("human_subcategory")
    if subcategory not in SUBCATEGORIES:
        subcategory = None
    if category is None and subcategory is not None:
        category = "logic_error"  # the subcategories split logic errors only
    if category is None:
        return None
    return Labels(category=category, subcategory=subcategory)


def parse_verifiers(value: Any) -> list[ComplianceVerdict]:
    """Verdicts as objects, or one text line per verifier (`clean_architecture: FAILED ...`)."""
    if isinstance(value, list):
        return [ComplianceVerdict.model_validate(v) if isinstance(v, dict) else _verdict_line(str(v)) for v in value]
    if isinstance(value, dict):
        return [ComplianceVerdict(kind=str(k), compliant=bool(v)) for k, v in value.items()]
    return [_verdict_line(line) for line in str(value or "").splitlines() if line.strip()]


def _verdict_line(line: str) -> ComplianceVerdict:
    kind, _, rest = line.strip().partition(":")
    return ComplianceVerdict(
        kind=kind.strip() or "verifier", compliant=not _FAILED_WORDS.search(line), violations=[rest.strip() or line]
    )


def from_dataset(raw: dict[str, Any]) -> FailureRecord:
    requests, started = parse_summary(str(raw.get("newman_summary") or ""))
    return FailureRecord(
        id=str(raw.get("id") or raw.get("run_id") or ""),
        task=parse_task(str(raw.get("task_description") or ""), str(raw.get("task") or "")),
        requests=requests,
        total_requests=COLLECTION_SCRIPTED_REQUESTS if requests else None,
        server_log=str(raw.get("server_log") or ""),
        compliance=[v for key in _VERIFIER_KEYS if raw.get(key) for v in parse_verifiers(raw[key])],
        trajectory=parse_trajectory(raw.get("trajectory")),
        server_started=started,
        exit_status=raw.get("exit_status"),
        labels=_labels(raw),
    )
