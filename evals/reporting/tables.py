"""Each table of the report, computed from run records (the numbers the tests check by hand)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, Field

from evals.reporting.load import RunRecord
from evals.reporting.metrics import bootstrap_ci, mean, pass_at_k, sem
from evals.taxonomy import CATEGORIES, SUBCATEGORIES

LEVELS = (0, 1, 2, 3)
ORMS = ("sqlalchemy", "sequelize")
MARGINAL = ("clean_architecture", "sqlite", "postgres", "orm")
BASELINE = "all-on"


class Table(BaseModel):
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = Field(default_factory=list)
    note: str = ""


def _group(records: Iterable[RunRecord], key: Callable[[RunRecord], Any]) -> dict[Any, list[RunRecord]]:
    groups: dict[Any, list[RunRecord]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return dict(groups)


def _agent_label(agent: tuple[str, str, str]) -> str:
    scaffold, model, config = agent
    return " / ".join(part for part in (scaffold, model, config) if part != "-")


def pass_at(records: list[RunRecord], k: int) -> float | None:
    """Mean over tasks of the unbiased pass@k, in percent; None when some task has fewer than k runs."""
    by_task = _group(records, lambda r: r.task)
    if not by_task or any(len(runs) < k for runs in by_task.values()):
        return None
    return 100.0 * mean([pass_at_k(len(runs), sum(r.passed for r in runs), k) for runs in by_task.values()])


def _r(value: float | None, digits: int = 1) -> float | None:
    return None if value is None else round(value, digits)


def by_level(records: list[RunRecord]) -> Table:
    """Strict and raw A%, pass@1 and pass@3 by level per scaffold x model (x config), and the L0->L3 decay."""
    table = Table(
        key="levels", title="Scores by level (strict A% / raw A% / pass@1 / pass@3)",
        columns=["agent", *[f"L{level}" for level in LEVELS], "decay L0->L3 (strict, points)"],
        note="strict A% is A% when every required constraint complies, else 0; pass@k uses the unbiased estimator",
    )  # fmt: skip
    for agent, runs in sorted(_group(records, lambda r: r.agent).items()):
        cells: list[Any] = [_agent_label(agent)]
        strict: dict[int, float] = {}
        for level in LEVELS:
            at = [r for r in runs if r.level == level]
            if not at:
                cells.append(None)
                continue
            strict[level] = mean([r.strict_a_pct for r in at])
            cells.append({
                "strict": _r(strict[level]), "raw": _r(mean([r.a_pct for r in at])),
                "pass@1": _r(pass_at(at, 1)), "pass@3": _r(pass_at(at, 3)),
            })  # fmt: skip
        cells.append(_r(strict[0] - strict[3]) if 0 in strict and 3 in strict else None)
        table.rows.append(cells)
    return table


def _without(constraints: list[str], removed: str) -> frozenset[str]:
    return frozenset(c for c in constraints if c != removed and not (removed == "orm" and c in ORMS))


def _has(constraints: list[str], constraint: str) -> bool:
    return any(c in ORMS for c in constraints) if constraint == "orm" else constraint in constraints


def marginal_effects(records: list[RunRecord]) -> Table:
    """Each constraint's effect on strict A% from matched pairs: the task with it against the same task
    without it (same framework, other constraints, scaffold, model and config); mean delta +- SEM."""
    table = Table(key="marginal", title="Marginal effect of each constraint (matched pairs, strict A%)",
                  columns=["constraint", "pairs", "mean delta (points)", "SEM"])  # fmt: skip
    cell = _group(records, lambda r: (r.agent, r.framework, frozenset(r.constraints)))
    scores = {key: mean([r.strict_a_pct for r in runs]) for key, runs in cell.items()}
    for constraint in MARGINAL:
        deltas = []
        for (agent, framework, constraints), score in sorted(scores.items(), key=lambda kv: str(kv[0])):
            if not _has(list(constraints), constraint):
                continue
            partner = (agent, framework, _without(list(constraints), constraint))
            if partner in scores:
                deltas.append(score - scores[partner])
        table.rows.append([constraint, len(deltas), _r(mean(deltas)) if deltas else None,
                           _r(sem(deltas), 2) if deltas else None])  # fmt: skip
    return table


def framework_leaderboard(records: list[RunRecord]) -> Table:
    table = Table(key="frameworks", title="Framework leaderboard",
                  columns=["framework", "runs", "strict A%", "raw A%", "pass@1"])  # fmt: skip
    rows = []
    for framework, runs in _group(records, lambda r: r.framework).items():
        rows.append([framework, len(runs), _r(mean([r.strict_a_pct for r in runs])), _r(mean([r.a_pct for r in runs])),
                     _r(pass_at(runs, 1))])  # fmt: skip
    table.rows = sorted(rows, key=lambda row: (-row[2], row[0]))
    return table


def failure_taxonomy(records: list[RunRecord]) -> list[Table]:
    """Failed runs by coarse category and by logic subcategory, per level and per framework."""
    failed = [r for r in records if not r.passed]
    frameworks = sorted({r.framework for r in records})
    tables = []
    for key, title, field, names in (
        ("failures", "Failure taxonomy (failed runs)", "failure", CATEGORIES),
        ("logic", "Logic errors by root cause", "subcategory", SUBCATEGORIES),
    ):
        columns = [*[f"L{level}" for level in LEVELS], *frameworks, "all"]
        table = Table(key=key, title=title, columns=[key[:-1] if key == "failures" else "subcategory", *columns])
        for name in names:
            hits = [r for r in failed if getattr(r, field) == name]
            if not hits:
                continue
            row: list[Any] = [name]
            row += [sum(1 for r in hits if r.level == level) for level in LEVELS]
            row += [sum(1 for r in hits if r.framework == framework) for framework in frameworks]
            table.rows.append([*row, len(hits)])
        tables.append(table)
    return tables


def ablation(records: list[RunRecord]) -> Table:
    """Each cagent config against all-on, matched by (task, model, trial): the change in strict A% and pass@1
    with a 95% bootstrap interval, and the tokens and time a run took."""
    table = Table(
        key="ablation", title="Ablation of the mitigations (cagent; against all-on)",
        columns=["config", "pairs", "strict A%", "delta strict (95% CI)", "pass@1", "delta pass@1 (95% CI)",
                 "tokens / run", "wall s / run"],
        note="deltas are config minus all-on over runs matched by task, model and trial",
    )  # fmt: skip
    cagent = [r for r in records if r.scaffold == "cagent"]
    by_config = _group(cagent, lambda r: r.config)
    base = {(r.task, r.model, r.trial): r for r in by_config.get(BASELINE, [])}
    for config, runs in sorted(by_config.items(), key=lambda kv: (kv[0] != BASELINE, kv[0])):
        pairs = [(r, base[(r.task, r.model, r.trial)]) for r in runs if (r.task, r.model, r.trial) in base]
        strict_deltas = [r.strict_a_pct - b.strict_a_pct for r, b in pairs]
        pass_deltas = [100.0 * (int(r.passed) - int(b.passed)) for r, b in pairs]
        row: list[Any] = [config, len(pairs), _r(mean([r.strict_a_pct for r in runs])),
                          None, _r(100.0 * mean([float(r.passed) for r in runs])), None,
                          round(mean([r.tokens for r in runs])), _r(mean([r.wall_s for r in runs]))]  # fmt: skip
        if config != BASELINE and pairs:
            row[3] = _interval(strict_deltas)
            row[5] = _interval(pass_deltas)
        table.rows.append(row)
    return table


def _interval(deltas: list[float]) -> dict[str, float]:
    low, high = bootstrap_ci(deltas)
    return {"mean": round(mean(deltas), 1), "low": round(low, 1), "high": round(high, 1)}


def cost_per_task(records: list[RunRecord]) -> Table:
    table = Table(key="cost", title="Tokens, cost and wall time per task",
                  columns=["task", "agent", "runs", "tokens / run", "cost $ / run", "wall s / run"])  # fmt: skip
    for (task, agent), runs in sorted(_group(records, lambda r: (r.task, r.agent)).items()):
        table.rows.append([task, _agent_label(agent), len(runs), round(mean([r.tokens for r in runs])),
                           round(mean([r.cost_usd for r in runs]), 4), _r(mean([r.wall_s for r in runs]))])  # fmt: skip
    return table


def all_tables(records: list[RunRecord]) -> list[Table]:
    return [by_level(records), marginal_effects(records), framework_leaderboard(records), *failure_taxonomy(records),
            ablation(records), cost_per_task(records)]  # fmt: skip
