"""The deterministic plan (obligations, operations -> files) and the check that holds a draft to it."""

from __future__ import annotations

import itertools

import pytest

from planners.constraints.model import FRAMEWORKS, ConstraintSet
from planners.contracts import load_contract, operations
from planners.extraction import spec_extraction
from planners.planning import (
    RE_ASKS,
    ConstraintPlan,
    PlanDraft,
    PlannerUnavailable,
    RefineRequest,
    as_draft,
    check_draft,
    checklist,
    contract_in_text,
    default_plan,
    refine,
)

CONTRACT = load_contract()
STACKS = [
    ConstraintSet(framework=framework, architecture=architecture, database=database,
                  orm=("sqlalchemy" if language == "python" else "sequelize") if orm else "none")
    for (framework, language), architecture, database, orm in itertools.product(
        FRAMEWORKS.items(), ("clean", "none"), ("sqlite", "postgresql", "none"), (True, False))
]  # fmt: skip


def plan_for(**constraints: str) -> ConstraintPlan:
    chosen = ConstraintSet(**constraints)
    return default_plan(chosen, CONTRACT, spec_extraction(chosen))


@pytest.mark.parametrize("constraints", STACKS, ids=lambda c: c.describe())
def test_the_default_covers_every_operation_and_passes_its_own_check(constraints: ConstraintSet) -> None:
    plan = default_plan(constraints, CONTRACT, spec_extraction(constraints))
    assert [op.operation_id for op in plan.operations] == [op.operation_id for op in operations(CONTRACT)]
    assert check_draft(as_draft(plan), plan) == []
    ext = ".py" if constraints.language == "python" else ".js"
    assert all(f.path.endswith(ext) for f in plan.files)


def test_clean_plan_maps_operations_to_the_four_layers() -> None:
    plan = plan_for(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")
    by_id = {op.operation_id: op for op in plan.operations}
    comment = by_id["CreateArticleComment"]
    assert (comment.route_file, comment.service_file) == ("routes/comments.py", "services/comments.py")
    assert "repositories/comments.py" in comment.repository_files and "models/comment.py" in comment.model_files
    assert {"Comment", "Article"} <= set(comment.entities)
    follow = by_id["FollowUserByUsername"]  # a Profile is a view of the User, stored in its table
    assert follow.repository_files == ["repositories/users.py", "repositories/follows.py"]
    assert any("empty body" in note for note in follow.notes)
    health = by_id["HealthCheck"]
    assert health.service_file is None and health.repository_files == [] and health.entities == []
    obligations = plan.obligations
    assert obligations.database_module == "repositories/database.py"
    assert "sqlite3" in obligations.forbidden_packages and "psycopg" not in obligations.forbidden_packages
    assert obligations.driver == "psycopg[binary]" and "DATABASE_URL" in obligations.env
    routes = next(rule for rule in obligations.layers if rule.layer == "routes")
    assert "repositories" in routes.must_not_import and "sqlalchemy" in routes.must_not_import
    assert {item.id for item in obligations.items} >= {"database.postgresql.no-sqlite", "architecture.clean.downward"}


def test_unconstrained_architecture_plans_no_layers() -> None:
    plan = plan_for(framework="express", database="sqlite")
    assert plan.obligations.layers == [] and all(op.service_file is None for op in plan.operations)
    assert plan.obligations.database_module == "database.js"


def test_json_document_has_the_four_catalog_fields_at_the_top() -> None:
    document = plan_for(framework="koa", architecture="clean", database="postgresql", orm="sequelize").as_json()
    assert document["constraints"] == {"framework": "koa", "architecture": "clean", "database": "postgresql",
                                       "orm": "sequelize"}  # fmt: skip
    assert {"obligations", "operations", "entities", "files", "refinement"} <= set(document)
    assert document["extraction"]["decided_by"]["orm"]["how"] == "spec"


def test_checklist_is_short_and_names_the_obligations() -> None:
    plan = plan_for(framework="fastify", architecture="clean", database="postgresql", orm="sequelize")
    text = checklist(plan)
    assert text.startswith("## Plan") and len(text) < 6000
    assert "No SQLite anywhere" in text and "`routes/articles.js` -> `services/articles.js`" in text
    assert "- [ ] " in text and "CreateArticleFavorite" in text


def _breaking(plan: ConstraintPlan) -> PlanDraft:
    draft = as_draft(plan)
    for entry in draft.files:
        if entry.path == "routes/articles.py":
            entry.duties.append("opens a database session per request")
        if entry.path == "repositories/articles.py":
            entry.imports.append("routes/articles.py")
    return draft


def test_a_draft_that_breaks_an_obligation_is_rejected_with_the_precise_reason() -> None:
    plan = plan_for(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")
    reasons = check_draft(_breaking(plan), plan)
    assert any(r.startswith("routes/articles.py opens a database session") and
               "architecture.clean.repositories-own-database" in r for r in reasons)  # fmt: skip
    assert any(r.startswith("repositories/articles.py imports routes/articles.py: imports point downward only")
               for r in reasons)  # fmt: skip
    draft = as_draft(plan)
    draft.files[0].imports.append("sqlite3")
    draft.operations.pop()
    reasons = check_draft(draft, plan)
    assert any("imports sqlite3, which this task rules out (database.postgresql.no-sqlite)" in r for r in reasons)
    assert "operation GetTags is not planned: every contract operation needs its files" in reasons


def test_refine_re_asks_at_most_twice_then_the_default_stands() -> None:
    plan = plan_for(framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy")
    requests: list[RefineRequest] = []

    def ask(request: RefineRequest) -> PlanDraft:
        requests.append(request)
        return _breaking(plan)

    result = refine(plan, ask, planner="scripted")
    assert len(requests) == 1 + RE_ASKS and requests[0].rejected == []
    assert any("opens a database session" in reason for reason in requests[1].rejected)
    assert result.refinement.outcome == "rejected" and len(result.refinement.attempts) == 3
    assert result.operations == plan.operations and result.files == plan.files


def test_an_accepted_draft_replaces_the_mapping() -> None:
    plan = plan_for(framework="fastapi", architecture="clean", database="sqlite", orm="sqlalchemy")
    drafts = [_breaking(plan), as_draft(plan)]
    drafts[1].operations[-1].notes = ["sorted, distinct tag names"]

    result = refine(plan, lambda request: drafts.pop(0), planner="scripted")
    assert result.refinement.outcome == "refined"
    assert [a.accepted for a in result.refinement.attempts] == [False, True]
    assert result.operations[-1].notes == ["sorted, distinct tag names"]


def test_a_planner_that_cannot_answer_leaves_the_default() -> None:
    plan = plan_for(framework="hono")

    def ask(request: RefineRequest) -> PlanDraft:
        raise PlannerUnavailable("openai/x: authentication failed")

    result = refine(plan, ask)
    assert result.refinement.outcome == "failed" and "authentication" in (result.refinement.error or "")


def test_the_contract_a_prompt_embeds_is_found() -> None:
    text = "Build this.\n\n```yaml\nopenapi: 3.0.1\ninfo: {title: T, version: '1'}\npaths:\n  /ping:\n    get:\n" \
           "      responses: {'200': {description: ok}}\n```\n"  # fmt: skip
    found = contract_in_text(text)
    assert found is not None and list(found["paths"]) == ["/ping"]
    assert contract_in_text("no contract here") is None
