"""The planner's structured model calls: litellm's response_format path and offline models' JSON content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.models.base import ModelError
from agent.models.litellm_model import LitellmModel
from agent.models.scripted import ScriptedModel
from agent.planning_model import PlannerAnswerError, PlannerCalls, choose_planner, structured_call
from planners.constraints.model import ConstraintSet
from planners.contracts import load_contract
from planners.extraction import ConstraintAnswer, ExtractionError, extract, spec_extraction
from planners.planning import PlanDraft, as_draft, default_plan, make_plan
from tests.agent_scripts import write_script
from tests.litellm_calls import record_completions

KOA = {
    "framework": {"value": "koa", "phrase": "Framework: Koa"},
    "architecture": {"value": "none", "phrase": ""},
    "database": {"value": "postgresql", "phrase": "PostgreSQL in production"},
    "orm": {"value": "none", "phrase": ""},
}
AMBIGUOUS = "Use SQLite for tests and PostgreSQL in production. Framework: Koa."


def test_litellm_is_asked_with_the_schema_as_response_format(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    seen = record_completions(monkeypatch)
    model = LitellmModel("openai/gpt-4o-mini", extra={"mock_response": json.dumps(KOA)})
    calls = PlannerCalls(model)
    extraction = extract(AMBIGUOUS, resolve=calls.resolve, planner=model.name)
    assert extraction.constraints.database == "postgresql" and extraction.decisions["database"].how == "model"
    assert extraction.decisions["database"].phrase == "PostgreSQL in production"
    assert seen[0]["response_format"] is ConstraintAnswer and "tools" not in seen[0]
    assert "database: the task asks for sqlite and postgresql" in seen[0]["messages"][0]["content"]
    assert model.extra == {"mock_response": json.dumps(KOA)}  # the run's client is left as it was
    assert calls.calls == 1 and calls.cost_usd > 0


def test_litellm_refines_the_plan_as_structured_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    constraints = ConstraintSet(framework="express", architecture="clean", database="postgresql", orm="sequelize")
    default = default_plan(constraints, load_contract(), spec_extraction(constraints))
    draft = as_draft(default)
    draft.operations[-1].notes = ["tags sorted by name"]
    seen = record_completions(monkeypatch)
    model = LitellmModel("openai/gpt-4o-mini", extra={"mock_response": draft.model_dump_json()})
    plan = make_plan(spec_extraction(constraints), load_contract(), ask=PlannerCalls(model).refine,
                     planner=model.name)  # fmt: skip
    assert plan.refinement.outcome == "refined" and plan.operations[-1].notes == ["tags sorted by name"]
    assert seen[0]["response_format"] is PlanDraft
    assert "architecture.clean.downward" in seen[0]["messages"][0]["content"]


def test_an_offline_model_answers_in_its_content(tmp_path: Path) -> None:
    fenced = "Here it is:\n```json\n" + json.dumps(KOA) + "\n```"
    model = ScriptedModel(write_script(tmp_path / "p.jsonl", [{"content": fenced}, {"content": "no idea"}]))
    answer, cost = structured_call(model, [{"role": "user", "content": "?"}], ConstraintAnswer)
    assert answer.framework.value == "koa" and cost == 0
    with pytest.raises(PlannerAnswerError, match="not a ConstraintAnswer"):
        structured_call(model, [{"role": "user", "content": "?"}], ConstraintAnswer)


def test_an_unusable_answer_to_an_extraction_is_one_line(tmp_path: Path) -> None:
    model = ScriptedModel(write_script(tmp_path / "p.jsonl", [{"content": "[]"}]))
    with pytest.raises(ExtractionError, match="the planner model could not decide: the answer is not a") as caught:
        extract(AMBIGUOUS, resolve=PlannerCalls(model).resolve)
    assert "\n" not in str(caught.value)


def test_a_scripted_run_model_is_never_the_planner(tmp_path: Path) -> None:
    run_model = ScriptedModel(write_script(tmp_path / "run.jsonl", [{"content": "agent turn"}]))
    assert choose_planner(run_model, None) is None
    assert choose_planner(run_model, f"scripted:{tmp_path / 'run.jsonl'}") is not run_model
    real = LitellmModel("openai/gpt-4o-mini")
    assert choose_planner(real, None) is real


def test_a_planner_model_without_its_key_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ModelError, match="ANTHROPIC_API_KEY"):
        choose_planner(LitellmModel("openai/gpt-4o-mini"), "anthropic/claude-sonnet-4-5")
