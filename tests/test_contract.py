"""The bundled Conduit OpenAPI contract and its loader."""

from __future__ import annotations

import json
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest

if find_spec("planners") is None:  # running from a checkout without an installed package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planners.contracts import (
    ContractError,
    Operation,
    contract_path,
    load_contract,
    operations,
    resolve_ref,
)

EXPECTED: set[tuple[str, str, str, int]] = {
    ("GET", "/api/health-check", "HealthCheck", 200),
    ("POST", "/api/users/login", "Login", 200),
    ("POST", "/api/users", "CreateUser", 201),
    ("GET", "/api/user", "GetCurrentUser", 200),
    ("PUT", "/api/user", "UpdateCurrentUser", 200),
    ("GET", "/api/profiles/{username}", "GetProfileByUsername", 200),
    ("POST", "/api/profiles/{username}/follow", "FollowUserByUsername", 200),
    ("DELETE", "/api/profiles/{username}/follow", "UnfollowUserByUsername", 200),
    ("GET", "/api/articles/feed", "GetArticlesFeed", 200),
    ("GET", "/api/articles", "GetArticles", 200),
    ("POST", "/api/articles", "CreateArticle", 201),
    ("GET", "/api/articles/{slug}", "GetArticle", 200),
    ("PUT", "/api/articles/{slug}", "UpdateArticle", 200),
    ("DELETE", "/api/articles/{slug}", "DeleteArticle", 204),
    ("GET", "/api/articles/{slug}/comments", "GetArticleComments", 200),
    ("POST", "/api/articles/{slug}/comments", "CreateArticleComment", 201),
    ("DELETE", "/api/articles/{slug}/comments/{id}", "DeleteArticleComment", 204),
    ("POST", "/api/articles/{slug}/favorite", "CreateArticleFavorite", 200),
    ("DELETE", "/api/articles/{slug}/favorite", "DeleteArticleFavorite", 200),
    ("GET", "/api/tags", "GetTags", 200),
}


@pytest.fixture(scope="module")
def contract() -> dict[str, Any]:
    return load_contract()


@pytest.fixture(scope="module")
def ops(contract: dict[str, Any]) -> dict[str, Operation]:
    return {op.operation_id: op for op in operations(contract)}


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def _schema(contract: dict[str, Any], name: str) -> dict[str, Any]:
    return contract["components"]["schemas"][name]


def test_bundled_file_exists_and_parses(contract: dict[str, Any]) -> None:
    path = contract_path()
    assert path.is_file()
    assert path.name == "conduit.openapi.yaml"
    assert contract["openapi"] == "3.1.0"
    assert contract["servers"] == [{"url": "/api", "description": contract["servers"][0]["description"]}]


def test_token_security_scheme(contract: dict[str, Any]) -> None:
    scheme = contract["components"]["securitySchemes"]["Token"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "Authorization")
    assert "Token <jwt>" in scheme["description"]
    assert "Bearer" not in scheme.get("scheme", "")


def test_exactly_the_expected_operations(contract: dict[str, Any]) -> None:
    found = {(op.method, op.path, op.operation_id, op.success_status) for op in operations(contract)}
    assert len(operations(contract)) == 20
    assert found == EXPECTED


def test_operation_ids_are_unique(contract: dict[str, Any]) -> None:
    ids = [op.operation_id for op in operations(contract)]
    assert len(ids) == len(set(ids))


def test_every_ref_resolves(contract: dict[str, Any]) -> None:
    refs = _refs(contract)
    assert len(refs) > 50
    for ref in refs:
        assert resolve_ref(contract, ref) is not None, ref


def test_unresolvable_ref_raises(contract: dict[str, Any]) -> None:
    with pytest.raises(ContractError):
        resolve_ref(contract, "#/components/schemas/Nope")


@pytest.mark.parametrize(
    ("schema", "required"),
    [
        ("User", {"email", "token", "username", "bio", "image"}),
        ("Profile", {"username", "bio", "image", "following"}),
        (
            "Article",
            {
                "slug",
                "title",
                "description",
                "body",
                "tagList",
                "createdAt",
                "updatedAt",
                "favorited",
                "favoritesCount",
                "author",
            },
        ),
        (
            "ArticleListItem",
            {
                "slug",
                "title",
                "description",
                "tagList",
                "createdAt",
                "updatedAt",
                "favorited",
                "favoritesCount",
                "author",
            },
        ),
        ("Comment", {"id", "createdAt", "updatedAt", "body", "author"}),
        ("MultipleArticlesResponse", {"articles", "articlesCount"}),
        ("GenericErrorModel", {"errors"}),
    ],
)
def test_required_fields(contract: dict[str, Any], schema: str, required: set[str]) -> None:
    assert set(_schema(contract, schema)["required"]) == required


def test_schema_details(contract: dict[str, Any]) -> None:
    user = _schema(contract, "User")["properties"]
    assert user["bio"]["type"] == ["string", "null"]
    assert user["image"]["type"] == ["string", "null"]
    assert _schema(contract, "Comment")["properties"]["id"]["type"] == "integer"
    assert "body" not in _schema(contract, "ArticleListItem")["properties"]
    password = _schema(contract, "UpdateUser")["properties"]["password"]
    assert (password["minLength"], password["maxLength"]) == (8, 64)
    tag_list = _schema(contract, "UpdateArticle")["properties"]["tagList"]
    assert tag_list["type"] == "array"  # null is not allowed
    assert "sorted alphabetically" in _schema(contract, "TagList")["description"]


def test_auth_classification(ops: dict[str, Operation]) -> None:
    assert ops["GetArticles"].auth == "optional"
    assert ops["GetArticle"].auth == "optional"
    assert ops["GetProfileByUsername"].auth == "optional"
    assert ops["GetArticleComments"].auth == "optional"
    assert ops["CreateArticle"].auth == "required"
    assert ops["GetArticlesFeed"].auth == "required"
    assert ops["GetTags"].auth == "none"
    assert ops["Login"].auth == "none"
    assert ops["CreateUser"].auth == "none"
    assert ops["HealthCheck"].auth == "none"
    assert sum(op.auth == "required" for op in ops.values()) == 12


def test_error_examples(contract: dict[str, Any]) -> None:
    responses = contract["components"]["responses"]

    def examples(name: str) -> list[Any]:
        media = responses[name]["content"]["application/json"]
        return [media["example"]] if "example" in media else [e["value"] for e in media["examples"].values()]

    assert examples("Unauthorized") == [{"errors": {"token": ["is missing"]}}]
    assert examples("InvalidCredentials") == [{"errors": {"credentials": ["invalid"]}}]
    assert {"errors": {"article": ["forbidden"]}} in examples("Forbidden")
    assert {"errors": {"comment": ["forbidden"]}} in examples("Forbidden")
    for key in ("article", "comment", "profile"):
        assert {"errors": {key: ["not found"]}} in examples("NotFound")
    assert {"errors": {"title": ["can't be blank"]}} in examples("ValidationError")
    assert {"errors": {"email": ["has already been taken"]}} in examples("Conflict")
    assert "content" not in responses["NoContent"]


def test_error_statuses_per_operation(contract: dict[str, Any]) -> None:
    paths = contract["paths"]
    assert set(paths["/users"]["post"]["responses"]) >= {"201", "409", "422"}
    assert set(paths["/articles/{slug}"]["delete"]["responses"]) == {"204", "401", "403", "404"}
    assert set(paths["/articles/{slug}/comments/{id}"]["delete"]["responses"]) == {"204", "401", "403", "404"}
    assert set(paths["/users/login"]["post"]["responses"]) == {"200", "401", "422"}


def test_behavioural_rules_are_stated(contract: dict[str, Any]) -> None:
    text = json.dumps(contract)
    for phrase in (
        "most recent first",
        "sorted alphabetically",
        "fractional seconds",
        "defaults to 20",
        "not the page size",
        "regenerates the slug",
        "OPTIONS",
        "401",
    ):
        assert phrase.lower() in text.lower(), phrase


def test_load_from_path(tmp_path: Path) -> None:
    assert load_contract(str(contract_path()))["info"]["title"] == "Conduit API"
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://example.com/v1/"}],
        "security": [{"Token": []}],
        "paths": {
            "/things": {"get": {"security": [], "responses": {"200": {"description": "ok"}}}},
            "/things/{id}": {"delete": {"operationId": "Del", "responses": {"204": {"description": "x"}}}},
        },
    }
    path = tmp_path / "other.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    ops = operations(load_contract(str(path)))
    assert ops == [
        Operation(method="GET", path="/v1/things", operation_id="GET /v1/things", auth="none", success_status=200),
        Operation(method="DELETE", path="/v1/things/{id}", operation_id="Del", auth="required", success_status=204),
    ]


def test_unknown_name_raises() -> None:
    with pytest.raises(ContractError, match="unknown contract 'nope'"):
        load_contract("nope")
    with pytest.raises(ContractError):
        contract_path("nope")
    assert issubclass(ContractError, ValueError)


def test_unreadable_or_invalid_files_raise(tmp_path: Path) -> None:
    with pytest.raises(ContractError, match="cannot read"):
        load_contract(str(tmp_path / "missing.yaml"))
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContractError) as info:
        load_contract(str(broken))
    assert "\n" not in str(info.value)
    not_openapi = tmp_path / "plain.yaml"
    not_openapi.write_text("hello: world\n", encoding="utf-8")
    with pytest.raises(ContractError, match="not an OpenAPI"):
        load_contract(str(not_openapi))
