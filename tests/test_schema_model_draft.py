"""The planner model's DomainModel for a contract that is not bundled: asked, held to the schemas, re-asked
once, or the deterministic draft stands; through litellm's response_format and an offline model's content."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from agent.mitigations import schema as schema_mitigation
from agent.mitigations.base import MitigationContext
from agent.models.litellm_model import LitellmModel
from agent.models.scripted import ScriptedModel
from planners.constraints.model import ConstraintSet
from planners.contracts import load_contract
from planners.schema.ddl import render_ddl, statements
from planners.schema.draft import draft_domain
from planners.schema.model_draft import DomainAnswer, DraftRequest, Omission, check_domain, required_entities
from tests.agent_scripts import write_script
from tests.litellm_calls import record_completions

SHOP: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Shop", "version": "1"},
    "paths": {"/products": {"get": {"responses": {"200": {"description": "ok"}}}}},
    "components": {
        "schemas": {
            "Category": {"type": "object", "properties": {"id": {"type": "integer"}, "label": {"type": "string"}}},
            "Product": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "price": {"type": "number"},
                    "createdAt": {"type": "string", "format": "date-time"},
                    "category": {"$ref": "#/components/schemas/Category"},
                    "keywords": {"type": "array", "items": {"type": "string"}},
                    "inStock": {"type": "boolean"},
                },
            },
            "ProductResponse": {"type": "object", "properties": {"product": {"$ref": "#/components/schemas/Product"}}},
            "NewProduct": {"type": "object", "properties": {"name": {"type": "string"}}},
        }
    },
}
PRODUCTS = {
    "name": "Product",
    "table": "products",
    "fields": [
        {"name": "id", "type": "id", "primary_key": True, "generated": True},
        {"name": "name", "type": "string", "unique": True},
        {"name": "price", "type": "float"},
        {"name": "category_id", "type": "integer", "nullable": True, "references": "categories",
         "on_delete": "set null"},
        {"name": "created_at", "type": "timestamp", "generated": True},
    ],
    "relations": [
        {"name": "category", "kind": "belongs_to", "target": "categories", "foreign_key": "category_id"},
        {"name": "keywords", "kind": "many_to_many", "target": "keywords", "through": "product_keywords",
         "foreign_key": "product_id", "other_key": "keyword_id"},
    ],
    "indexes": [["category_id"]],
    "order_by": ["-created_at"],
}  # fmt: skip
GOOD: dict[str, Any] = {
    "domain": {
        "name": "shop",
        "example": {"entity": "products", "field": "name", "path": "/products", "response_key": "products"},
        "entities": [
            {"name": "Category", "table": "categories", "fields": [
                {"name": "id", "type": "id", "primary_key": True, "generated": True},
                {"name": "label", "type": "string", "unique": True}]},
            PRODUCTS,
            {"name": "Keyword", "table": "keywords", "fields": [
                {"name": "id", "type": "id", "primary_key": True, "generated": True},
                {"name": "value", "type": "string", "unique": True}]},
            {"name": "ProductKeyword", "table": "product_keywords", "join": True, "fields": [
                {"name": "product_id", "type": "integer", "primary_key": True, "references": "products"},
                {"name": "keyword_id", "type": "integer", "primary_key": True, "references": "keywords"}]},
        ],
    },
    "omitted": [],
}  # fmt: skip
MODEL_TABLES = ["categories", "keywords", "products", "product_keywords"]


def _without_products() -> dict[str, Any]:
    answer = copy.deepcopy(GOOD)
    answer["domain"]["entities"] = [e for e in answer["domain"]["entities"] if e["table"] != "products"]
    answer["domain"]["entities"][-1]["fields"][0]["references"] = "categories"
    answer["domain"]["example"] = {"entity": "categories", "field": "label", "path": "/categories",
                                   "response_key": "categories"}  # fmt: skip
    return answer


def _context(workspace: Path, model: Any, **options: Any) -> MitigationContext:
    return MitigationContext(
        workspace=workspace,
        workdir=workspace,
        language="python",
        constraints=ConstraintSet(framework="flask", database="sqlite", orm="none"),
        contract=SHOP,
        task_prompt="",
        model=model,
        sandbox=None,  # type: ignore[arg-type]  # the schema mitigation runs nothing
        database_provider=None,
        isolation=None,  # type: ignore[arg-type]
        options=options,
    )


def _creates(workspace: Path) -> list[str]:
    """The tables the rendered schema.sql creates in a real SQLite database."""
    conn = sqlite3.connect(":memory:")
    for statement in statements(next(workspace.rglob("schema.sql")).read_text()):
        conn.execute(statement)
    query = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    return [row[0] for row in conn.execute(query)]


def test_litellm_drafts_the_domain_as_structured_output(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    seen = record_completions(monkeypatch)
    model = LitellmModel("openai/gpt-4o-mini", extra={"mock_response": json.dumps(GOOD)})
    contribution = schema_mitigation.prepare(_context(tmp_path, model))
    record = contribution.record
    assert record["rendered"] and record["domain_source"] == "model"
    assert record["domain_draft"]["used"] == "model" and record["domain_draft"]["planner"] == "openai/gpt-4o-mini"
    assert record["domain_draft"]["attempts"] == [{"accepted": True, "reasons": []}]
    assert record["domain_draft"]["calls"] == 1 and record["domain_draft"]["cost_usd"] > 0
    assert seen[0]["response_format"] is DomainAnswer and len(seen) == 1
    prompt = seen[0]["messages"][0]["content"]
    assert '"Product"' in prompt and "`Category` (`categories`)" in prompt and "products_keywords" in prompt
    assert record["tables"] == MODEL_TABLES and _creates(tmp_path) == MODEL_TABLES
    assert "drafted from the contract's component schemas" in contribution.prompt_sections[0]


def test_an_invalid_draft_is_asked_again_with_the_reason(tmp_path: Path) -> None:
    fenced = "```json\n" + json.dumps(GOOD) + "\n```"
    script = write_script(
        tmp_path / "planner.jsonl", [{"content": json.dumps(_without_products())}, {"content": fenced}]
    )
    run_model = ScriptedModel(write_script(tmp_path / "run.jsonl", [{"content": "agent turn"}]))
    workspace = tmp_path / "ws"
    workspace.mkdir()
    record = schema_mitigation.prepare(_context(workspace, run_model, planner_model=f"scripted:{script}")).record
    draft = record["domain_draft"]
    assert (
        draft["used"] == "model" and draft["calls"] == 2 and [a["accepted"] for a in draft["attempts"]] == [False, True]
    )
    assert draft["attempts"][0]["reasons"] == [
        "the component schema Product has no entity (expected Product, table products) and is not listed in "
        "`omitted` with a reason"
    ]
    assert record["tables"] == MODEL_TABLES and run_model.complete([], []).content == "agent turn"  # never asked


def test_two_invalid_drafts_leave_the_deterministic_one(tmp_path: Path) -> None:
    unreadable = {"content": "I would store products and categories."}
    script = write_script(tmp_path / "planner.jsonl", [unreadable, {"content": json.dumps(_without_products())}])
    workspace = tmp_path / "ws"
    workspace.mkdir()
    record = schema_mitigation.prepare(_context(workspace, None, planner_model=f"scripted:{script}")).record
    draft = record["domain_draft"]
    assert draft["used"] == "deterministic" and draft["calls"] == 2 and record["domain_source"] == "draft"
    assert draft["attempts"][0]["reasons"][0].startswith("the answer is not a DomainAnswer")
    assert not any(a["accepted"] for a in draft["attempts"])
    assert set(record["tables"]) == {e.table for e in draft_domain(SHOP).entities}
    assert _creates(workspace) == record["tables"]


def test_a_scripted_run_model_is_never_asked_and_a_silent_planner_leaves_the_draft(tmp_path: Path) -> None:
    run_model = ScriptedModel(write_script(tmp_path / "run.jsonl", [{"content": json.dumps(GOOD)}]))
    (tmp_path / "a").mkdir()
    record = schema_mitigation.prepare(_context(tmp_path / "a", run_model)).record
    assert record["domain_draft"] == {"used": "deterministic", "planner": None, "attempts": [], "omitted": [],
                                      "error": None, "calls": 0, "cost_usd": 0.0}  # fmt: skip
    empty = write_script(tmp_path / "planner.jsonl", [])
    (tmp_path / "b").mkdir()
    record = schema_mitigation.prepare(_context(tmp_path / "b", None, planner_model=f"scripted:{empty}")).record
    assert record["domain_draft"]["used"] == "deterministic" and record["domain_draft"]["error"]
    assert record["rendered"] and record["domain_source"] == "draft"


def test_conduit_keeps_its_bundled_model_without_asking(tmp_path: Path) -> None:
    context = _context(tmp_path, None, planner_model=f"scripted:{write_script(tmp_path / 'p.jsonl', [])}")
    context.contract = load_contract("conduit")
    (tmp_path / "ws").mkdir()
    context.workspace = tmp_path / "ws"
    record = schema_mitigation.prepare(context).record
    assert record["domain_source"] == "bundled" and "domain_draft" not in record


def _request(contract: dict[str, Any]) -> DraftRequest:
    draft = draft_domain(contract)
    return DraftRequest(schemas={}, draft=draft, required=required_entities(contract, draft))


def test_the_deterministic_draft_holds_to_its_own_rules() -> None:
    for contract in (SHOP, load_contract("conduit")):
        request = _request(contract)
        assert check_domain(DomainAnswer(domain=request.draft), request) == []


def _broken(change: str) -> dict[str, Any]:
    answer = copy.deepcopy(GOOD)
    products = answer["domain"]["entities"][1]
    if change == "belongs_to without its column":
        products["fields"] = [f for f in products["fields"] if f["name"] != "category_id"]
        products["indexes"] = []
    elif change == "foreign key to a join table":
        products["fields"].append({"name": "pk_id", "type": "integer", "references": "product_keywords"})
    elif change == "invented entity":
        answer["domain"]["entities"].append({"name": "Audit", "table": "audits", "fields": [
            {"name": "id", "type": "id", "primary_key": True}]})  # fmt: skip
    elif change == "join key without references":
        answer["domain"]["entities"][3]["fields"][1].pop("references")
    elif change == "omitted unknown":
        answer["omitted"] = [{"schema_name": "Order", "reason": "a response body"}]
    elif change == "relation named like a column":
        products["relations"][0]["name"] = "price"
    return answer


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ("belongs_to without its column", "products.category: belongs_to needs a column category_id referencing"),
        ("foreign key to a join table", "products.pk_id: product_keywords has no single `id` key to reference"),
        ("invented entity", "audits: not in the component schemas, and none of their entities relates to it"),
        ("join key without references", "product_keywords: a join table's key is its two (or more) foreign key"),
        ("omitted unknown", "omitted Order: no such resource among the component schemas"),
        ("relation named like a column", "products.price: the relation's name is already a column"),
    ],
)
def test_a_draft_that_breaks_a_rule_says_which(change: str, reason: str) -> None:
    request = _request(SHOP)
    problems = check_domain(DomainAnswer.model_validate(_broken(change)), request)
    assert any(p.startswith(reason) for p in problems), problems
    assert check_domain(DomainAnswer.model_validate(GOOD), request) == []


def test_a_schema_left_out_with_a_reason_is_accepted() -> None:
    request = _request(load_contract("conduit"))
    assert set(request.required) >= {"User", "Profile", "Article", "Comment"}
    domain = json.loads(request.draft.model_dump_json())
    domain["entities"] = [e for e in domain["entities"] if e["table"] != "profiles"]
    for entity in domain["entities"]:  # the author is a user; the profile is how the contract shows one
        for item in [*entity["fields"], *entity["relations"]]:
            for key in ("references", "target"):
                if item.get(key) == "profiles":
                    item[key] = "users"
    answer = DomainAnswer.model_validate({"domain": domain})
    assert any("component schema Profile" in p for p in check_domain(answer, request))
    answer.omitted.append(Omission(schema_name="Profile", reason="a view of users"))
    assert check_domain(answer, request) == [] and render_ddl(answer.domain, "postgresql").count("CREATE TABLE") == 5
