"""Schema and skeleton pre-creation without starting servers: the domain model, DDL on real databases,
every one of the 80 task variants rendered and checked against its constraints, the draft for another
contract, the mitigation adapter and `cagent skeleton`. The servers start in test_skeleton_stacks.py."""

from __future__ import annotations

import ast
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import psycopg
import pytest

from agent.mitigations.base import MitigationContext
from agent.mitigations.schema import prepare
from benchmarks.skeleton_proof import task_name, task_variants
from planners.compliance.report import check_all
from planners.constraints import ConstraintSet
from planners.constraints.model import FRAMEWORKS
from planners.contracts import load_contract
from planners.schema import DomainModel, SkeletonError, render_skeleton
from planners.schema.bundled import conduit_domain, domain_for
from planners.schema.ddl import render_ddl, statements
from planners.schema.draft import draft_domain
from tests.agent_cli_runs import assert_one_line_error, cagent

CONDUIT_TABLES = {"users", "follows", "articles", "tags", "article_tags", "favorites", "comments"}


def test_conduit_domain_is_complete_and_ordered() -> None:
    domain = conduit_domain()
    order = [entity.table for entity in domain.ordered()]
    assert set(order) == CONDUIT_TABLES
    assert order.index("users") < order.index("articles") < order.index("comments")
    assert domain.entity("follows").key == ["follower_id", "followee_id"]  # type: ignore[union-attr]
    assert domain.entity("users").field("email").unique  # type: ignore[union-attr]


def test_domain_model_rejects_a_dangling_foreign_key() -> None:
    raw = conduit_domain().model_dump()
    raw["entities"][0]["fields"].append({"name": "team_id", "type": "integer", "references": "teams"})
    with pytest.raises(ValueError, match="unknown table teams"):
        DomainModel.model_validate(raw)


def test_sqlite_ddl_creates_the_schema_and_enforces_keys(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "x.db")
    conn.execute("PRAGMA foreign_keys=ON")
    script = render_ddl(conduit_domain(), "sqlite")
    for _ in range(2):  # idempotent: runs at every start-up
        for statement in statements(script):
            conn.execute(statement)
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names >= CONDUIT_TABLES
    conn.execute("INSERT INTO users (username, email, password_hash) VALUES ('a', 'a@x', 'h')")
    created = conn.execute("SELECT created_at FROM users").fetchone()[0]
    assert created.endswith("Z") and "T" in created
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO users (username, email, password_hash) VALUES ('a', 'b@x', 'h')")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO follows (follower_id, followee_id) VALUES (1, 99)")


def test_postgresql_ddl_creates_the_schema(postgres) -> None:
    database = postgres.create("skel")
    try:
        with psycopg.connect(database.admin_url, autocommit=True) as conn:
            script = render_ddl(conduit_domain(), "postgresql")
            conn.execute(script)
            conn.execute(script)
            rows = conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
            assert {row[0] for row in rows} >= CONDUIT_TABLES
            conn.execute("INSERT INTO tags (name) VALUES ('x')")
            with pytest.raises(psycopg.errors.UniqueViolation):
                conn.execute("INSERT INTO tags (name) VALUES ('x')")
    finally:
        postgres.drop(database)


def test_task_names_follow_the_published_benchmark() -> None:
    names = [task_name(c) for c in task_variants(list(FRAMEWORKS))]
    assert len(names) == len(set(names)) == 80
    assert "flask-openapi-clean_architecture-postgres-sqlalchemy" in names
    assert "hono-openapi-unconstrained" in names and "koa-openapi-sqlite-sequelize" in names


# Compiles each file as a CommonJS module body, in one node process (node --check takes one file per process).
_COMPILE_ALL = """
const fs = require('fs'); const vm = require('vm');
const args = ['exports', 'require', 'module', '__filename', '__dirname'];
for (const file of JSON.parse(fs.readFileSync(0, 'utf8'))) {
  try { vm.compileFunction(fs.readFileSync(file, 'utf8'), args, { filename: file }); }
  catch (error) { console.error(file + ': ' + error.message); process.exitCode = 1; }
}
"""


def _node_check(files: list[Path]) -> None:
    node = shutil.which("node")
    assert node, "node is needed to check the Node skeletons"
    done = subprocess.run(
        [node, "-e", _COMPILE_ALL],
        input=json.dumps([str(f) for f in files]),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_every_task_variant_renders_compliant_parseable_code(tmp_path: Path) -> None:
    js_files: list[Path] = []
    for constraints in task_variants(list(FRAMEWORKS)):
        workspace = tmp_path / task_name(constraints)
        report = render_skeleton(constraints, workspace)
        assert (workspace / "run.sh").stat().st_mode & 0o111
        compliance = check_all(workspace, constraints)
        problems = [f"{v.kind}: {x.reason} {x.file}:{x.line}" for v in compliance.verdicts for x in v.violations]
        assert compliance.compliant, f"{workspace.name}: {problems}"
        for file in report.files:
            path = workspace / file
            if file.endswith(".py"):
                ast.parse(path.read_text(), filename=str(path))
            elif file.endswith(".js"):
                js_files.append(path)
            elif file == "package.json":
                assert json.loads(path.read_text())["dependencies"]
    _node_check(js_files)


def test_layouts_and_choices() -> None:
    clean = render_skeleton(
        ConstraintSet(framework="koa", architecture="clean", database="postgresql", orm="sequelize"),
        Path(pytest.importorskip("tempfile").mkdtemp()),
    )
    assert {"src/routes/tags.js", "src/services/tags.js", "src/repositories/tags.js", "src/models/entities.js"} <= set(
        clean.files
    )
    assert clean.stack.driver == "pg" and not clean.choices
    flat = render_skeleton(ConstraintSet(framework="aiohttp"), Path(pytest.importorskip("tempfile").mkdtemp()))
    assert "app/store.py" in flat.files and not any("/services/" in f for f in flat.files)
    assert flat.stack.database == "sqlite" and flat.stack.driver == "aiosqlite"
    assert any("names no database" in choice for choice in flat.choices)


def test_postgresql_skeleton_has_no_sqlite_trace(tmp_path: Path) -> None:
    for framework in ("django", "express"):
        constraints = ConstraintSet(framework=framework, database="postgresql")
        render_skeleton(constraints, tmp_path / framework)
        text = " ".join(p.read_text() for p in (tmp_path / framework).rglob("*") if p.is_file()).lower()
        assert "sqlite" not in text


def test_render_refuses_to_overwrite(tmp_path: Path) -> None:
    constraints = ConstraintSet(framework="flask")
    render_skeleton(constraints, tmp_path)
    with pytest.raises(SkeletonError, match="already exists"):
        render_skeleton(constraints, tmp_path)


SHOP = {
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
                    "related": {"type": "array", "items": {"$ref": "#/components/schemas/Category"}},
                    "keywords": {"type": "array", "items": {"type": "string"}},
                },
            },
            "ProductResponse": {"type": "object", "properties": {"product": {"$ref": "#/components/schemas/Product"}}},
            "NewProduct": {"type": "object", "properties": {"name": {"type": "string"}}},
        }
    },
}


def test_draft_from_another_contract_renders_and_runs_its_ddl(tmp_path: Path) -> None:
    domain = domain_for(SHOP)
    assert domain.source == "draft"
    tables = {e.table for e in domain.entities}
    assert {"categories", "products", "products_related", "products_keywords"} == tables
    product = domain.entity("products")
    assert product is not None and product.field("category_id").references == "categories"
    assert product.field("created_at").type == "timestamp" and product.field("price").type == "float"
    assert domain.example.path == "/products" and domain.example.field == "name"
    conn = sqlite3.connect(":memory:")
    for statement in statements(render_ddl(domain, "sqlite")):
        conn.execute(statement)
    report = render_skeleton(
        ConstraintSet(framework="fastify", architecture="clean", orm="sequelize"), tmp_path, domain
    )
    assert "src/routes/products.js" in report.files
    _node_check([tmp_path / f for f in report.files if f.endswith(".js")])
    assert domain_for(load_contract("conduit")).source == "bundled"
    with pytest.raises(ValueError, match="no resource"):
        draft_domain({"components": {"schemas": {}}})


def _context(workspace: Path, constraints: ConstraintSet | None) -> MitigationContext:
    return MitigationContext(
        workspace=workspace,
        workdir=workspace,
        language=constraints.language if constraints else "unknown",
        constraints=constraints,
        contract=load_contract("conduit"),
        task_prompt="",
        model=None,  # type: ignore[arg-type]  # the schema mitigation calls no model
        sandbox=None,  # type: ignore[arg-type]
        database_provider=None,
        isolation=None,  # type: ignore[arg-type]
    )


def test_mitigation_renders_into_an_empty_workspace_and_says_what_is_left(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "README.md").write_text("task notes\n")
    constraints = ConstraintSet(framework="django", architecture="clean", database="postgresql", orm="sqlalchemy")
    contribution = prepare(_context(tmp_path, constraints))
    assert contribution.record["rendered"] is True
    assert (tmp_path / "app/repositories/database.py").is_file()
    section = contribution.prompt_sections[0]
    assert "GET /api/tags" in section and "18 of 20 operations" in section
    assert "app/models/entities.py" in section and "PostgreSQL" in section
    assert contribution.record["files"] == sorted(contribution.record["files"])


def test_mitigation_leaves_a_workspace_with_code_alone(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text("print('mine')\n")
    contribution = prepare(_context(tmp_path, ConstraintSet(framework="flask")))
    assert contribution.record == {"rendered": False, "reason": contribution.record["reason"]}
    assert "already holds code (main.py" in contribution.record["reason"]
    assert not contribution.prompt_sections and sorted(p.name for p in tmp_path.iterdir()) == ["main.py"]
    assert prepare(_context(tmp_path / "new", None)).record["rendered"] is False


def test_cli_renders_and_fails_in_one_line(tmp_path: Path) -> None:
    done = cagent("skeleton", "--framework", "express", "--database", "sqlite", "--out", str(tmp_path / "a"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "a/src/database.js").is_file() and "better-sqlite3" in done.stdout
    assert_one_line_error(cagent("skeleton", "--framework", "express", "--out", str(tmp_path / "a")), "already exists")
    assert_one_line_error(
        cagent("skeleton", "--framework", "flask", "--orm", "sequelize", "--out", str(tmp_path / "b")), "sequelize"
    )
    assert_one_line_error(cagent("skeleton", "--framework", "rails", "--out", str(tmp_path / "c")), "unknown framework")
    assert_one_line_error(cagent("skeleton", "--framework", "flask"), "--out")
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: t\nframework: hono\nconstraints: {architecture: clean, database: postgresql}\n")
    done = cagent("skeleton", str(spec), "--out", str(tmp_path / "d"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "d/src/routes/tags.js").is_file()
