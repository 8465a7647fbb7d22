"""Convention retrieval: the cards, the stack filter, the package indexer on real installed-package files,
the docs tool, reactive attachment of the card for an error signature, and the mitigation's record."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from agent.mitigations.retrieval import ErrorObserver, prepare
from retrieval.card import CardError, parse_card
from retrieval.docs_tool import DocsTool
from retrieval.library import ConventionLibrary, estimate_tokens
from retrieval.signatures import error_text
from retrieval.stack import Stack
from tests.agent_cli_runs import assert_one_line_error, cagent
from tools.base import ToolInputError

FASTIFY = Stack(language="node", framework="fastify", orm="none", database="postgresql")
FLASK = Stack(language="python", framework="flask", orm="sqlalchemy", database="sqlite")
FASTIFY_LOG = (
    '{"level":30,"reqId":"req-3","res":{"statusCode":400},"err":{"type":"FastifyError","message":"Body cannot be '
    'empty when content-type is set to \'application/json\'","code":"FST_ERR_CTP_EMPTY_JSON_BODY"},'
    '"msg":"Body cannot be empty when content-type is set to \'application/json\'"}'
)


@pytest.fixture(scope="module")
def library() -> ConventionLibrary:
    return ConventionLibrary()


def write_node_package(workspace: Path, name: str, version: str, readme: str) -> None:
    folder = workspace / "node_modules" / name
    folder.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"name": name, "version": version}))
    (folder / "README.md").write_text(readme)


FASTIFY_README = """# fastify

Fast and low overhead web framework, for Node.js.

## Content-Type Parser

Fastify natively supports 'application/json' and 'text/plain'. Use addContentTypeParser to add or
replace a parser; getDefaultJsonParser returns the built-in JSON parser so that a custom one can
fall back to it when the body is not empty.
"""


def test_cards_cover_the_frameworks_orms_databases_and_contract_traps(library: ConventionLibrary) -> None:
    cards = library.cards
    assert len(cards) >= 60 and len({card.id for card in cards}) == len(cards)
    named = {value for card in cards for value in card.frameworks + card.orms + card.databases}
    wanted = {"flask", "fastapi", "django", "aiohttp", "express", "fastify", "koa", "hono", "sqlalchemy", "sequelize"}
    assert wanted | {"postgresql", "sqlite"} <= named
    text = " ".join(card.text() for card in cards)
    for driver in ("psycopg", "asyncpg", "aiosqlite", "sqlite3", "pg", "better-sqlite3"):
        assert re.search(rf"\b{re.escape(driver)}\b", text), driver
    for card in cards:
        assert "```" in card.body, f"{card.id} has no code block"
        assert all(source.startswith("https://") for source in card.source), card.id


def test_a_card_without_its_source_is_refused_with_the_file_named() -> None:
    text = "---\nid: x-y\ntitle: t\nlayer: http\ncategory: framework_idiosyncrasy\n---\nbody\n"
    with pytest.raises(CardError, match=r"broken\.md: source"):
        parse_card(text, "broken.md")


def test_the_stack_filter_keeps_other_frameworks_out(library: ConventionLibrary) -> None:
    hits = library.index.search("request body is empty, parse it as an empty object", stack=FLASK, k=20)
    ids = {hit.id for hit in hits}
    assert "flask-get-json-strict" in ids
    assert not {i for i in ids if i.startswith(("fastify-", "koa-", "hono-", "express", "django-", "sequelize-"))}


def test_error_lines_are_found_in_a_log_and_chatter_is_not() -> None:
    log = "Server listening at http://0.0.0.0:3000\n" + FASTIFY_LOG + "\nincoming request GET /api/tags\n"
    assert error_text(log) == FASTIFY_LOG
    assert error_text("installed 12 packages\nall good\n") == ""


def test_the_fastify_empty_body_card_is_attached_once_with_its_reason(library: ConventionLibrary) -> None:
    record: list[dict[str, Any]] = []
    observe = ErrorObserver(library, FASTIFY, record)
    attachment = observe("server", {"action": "logs"}, "Server listening\n" + FASTIFY_LOG)
    assert attachment is not None and attachment.source == "retrieval:fastify-empty-json-body"
    assert "Body cannot be empty" in attachment.reason and "getDefaultJsonParser" in attachment.text
    code_only = ErrorObserver(library, FASTIFY, [])("http", {}, 'HTTP 400\n{"code":"FST_ERR_CTP_EMPTY_JSON_BODY"}')
    assert code_only is not None and "FST_ERR_CTP_EMPTY_JSON_BODY" in code_only.reason
    again = observe("bash", {"command": "curl ..."}, FASTIFY_LOG)
    assert again is None or again.source != attachment.source  # each card once per run
    assert record[0]["card"] == "fastify-empty-json-body" and record[0]["tool"] == "server"
    assert ErrorObserver(library, FASTIFY, []).__call__("editor", {}, FASTIFY_LOG) is None  # the agent's own text
    assert ErrorObserver(library, FASTIFY, [])("bash", "ls", "app.js\nrun.sh\npackage.json\n") is None


def test_an_error_without_a_signature_is_matched_by_search_on_its_error_lines(library: ConventionLibrary) -> None:
    output = "Traceback (most recent call last):\n  File 'app.py'\nsqlalchemy.orm.exc.DetachedInstanceError: lazy load"
    match = library.explain_error(output, FLASK)
    assert match is not None and match.card_id == "sqlalchemy-session-per-request"


def test_proactive_cards_fit_the_budget_and_put_the_stack_first(library: ConventionLibrary) -> None:
    cards = library.proactive(FASTIFY, 1200)
    assert sum(estimate_tokens(card.text()) for card in cards) <= 1200
    assert "fastify-empty-json-body" in [card.id for card in cards][:3]
    assert all(not card.frameworks or card.frameworks == ["fastify"] for card in cards)


def test_docs_returns_a_card_and_the_installed_package_passage_with_its_version(tmp_path: Path) -> None:
    write_node_package(tmp_path, "fastify", "5.2.1", FASTIFY_README)
    tool = DocsTool(ConventionLibrary(workspace=tmp_path), FASTIFY)
    output = tool.run({"query": "custom content type parser for an empty JSON body"}).output
    assert "[card fastify-empty-json-body]" in output
    assert "[fastify 5.2.1, installed: node_modules/fastify/README.md]" in output and "getDefaultJsonParser" in output
    only = tool.run({"query": "content type parser", "package": "fastify"})
    assert not only.is_error and "[card" not in only.output and "fastify 5.2.1" in only.output
    missing = tool.run({"query": "routing", "package": "express"})
    assert missing.is_error and "not installed" in missing.output
    with pytest.raises(ToolInputError, match="query"):
        tool.run({})


def test_python_distributions_are_indexed_from_metadata_and_a_new_install_is_picked_up(tmp_path: Path) -> None:
    site = tmp_path / ".venv" / "lib" / "python3.12" / "site-packages"
    info = site / "conduitkit-1.4.2.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ConduitKit\nVersion: 1.4.2\n\n# ConduitKit\n\n## Slug helpers\n\n"
        "slugify(title) turns an article title into a unique, lower-case slug with a short random suffix.\n"
    )
    library = ConventionLibrary(workspace=tmp_path)
    hits = library.search("slugify article title", package="conduitkit")
    assert hits and hits[0].version == "1.4.2" and hits[0].package == "conduitkit"
    assert library.search("content type parser", package="fastify") == []
    write_node_package(tmp_path, "fastify", "5.2.1", FASTIFY_README)
    os.utime(tmp_path / "node_modules", (1, 1))  # a new mtime, as npm install leaves
    hits = library.search("content type parser", package="fastify")
    assert hits and hits[0].version == "5.2.1"


def test_the_mitigation_records_its_prompt_cards_and_attachments(tmp_path: Path) -> None:
    from planners.constraints import ConstraintSet

    constraints = ConstraintSet(framework="fastify", database="postgresql")
    context = SimpleNamespace(
        workspace=tmp_path, workdir=tmp_path, language="node", constraints=constraints, contract=None,
        task_prompt="Build the Conduit API with Fastify.", options={"retrieval_budget": 1500}, shared={},
    )  # fmt: skip
    contribution = prepare(context)  # type: ignore[arg-type]
    record = contribution.record
    assert record["budget_tokens"] == 1500 and 0 < record["prompt_tokens"] <= 1500 + 200
    assert "fastify-empty-json-body" in record["cards"]
    assert contribution.prompt_sections[0].startswith("## Conventions for this stack (node + fastify + postgresql)")
    assert [tool.name for tool in contribution.tools] == ["docs"]
    contribution.observers[0]("http", {"path": "/api/articles/x/favorite"}, FASTIFY_LOG)
    assert record["attachments"][0]["card"] == "fastify-empty-json-body"


def test_cli_search_prints_json_hits_and_refuses_an_unknown_framework() -> None:
    done = cagent("docs", "search", "FST_ERR_CTP_EMPTY_JSON_BODY", "--framework", "fastify", "--k", "3", "--json")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)
    assert hits[0]["id"] == "fastify-empty-json-body" and len(hits) <= 3
    assert {"id", "title", "text", "source", "score"} <= set(hits[0])
    assert_one_line_error(cagent("docs", "search", "x", "--framework", "rails"), "unknown framework 'rails'")
