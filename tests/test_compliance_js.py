"""Compliance checks on small Node backends written here: Express in clean layers with Sequelize, and
variants that break one rule each (CommonJS, ESM, dynamic import, TypeScript)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planners.compliance.report import ComplianceReport, check_all
from planners.compliance.verdict import Verdict
from planners.constraints import ConstraintSet

TASK = ConstraintSet(framework="express", architecture="clean", database="postgresql", orm="sequelize")
PACKAGE = {
    "name": "conduit",
    "private": True,
    "dependencies": {"express": "^4.21.2", "pg": "^8.13.1", "pg-hstore": "^2.3.4", "sequelize": "^6.37.5"},
}
EXPRESS_APP = {
    "src/index.js": """\
const express = require('express');
const { sequelize } = require('./db');
const articleRoutes = require('./routes/articles');

const app = express();
app.use(express.json());
app.get('/api/health-check', (req, res) => res.sendStatus(200));
app.use('/api', articleRoutes);

sequelize.sync().then(() => app.listen(process.env.PORT || 3000, '0.0.0.0'));
""",
    "src/db.js": """\
const { Sequelize } = require('sequelize');

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
module.exports = { sequelize };
""",
    "src/models/article.js": """\
const { DataTypes, Model } = require('sequelize');
const { sequelize } = require('../db');

class Article extends Model {}
Article.init({ slug: DataTypes.STRING, title: DataTypes.STRING }, { sequelize, modelName: 'article' });
module.exports = Article;
""",
    "src/models/tag.js": """\
const { DataTypes } = require('sequelize');
const { sequelize } = require('../db');

module.exports = sequelize.define('tag', { name: DataTypes.STRING });
""",
    "src/models/index.js": "module.exports = { Article: require('./article'), Tag: require('./tag') };\n",
    "src/repositories/articles.js": """\
const { Article } = require('../models');

async function findBySlug(slug) {
  return Article.findOne({ where: { slug } });
}

module.exports = { findBySlug };
""",
    "src/services/articles.js": """\
const repository = require('../repositories/articles');

async function get(slug) {
  const article = await repository.findBySlug(slug);
  if (!article) throw Object.assign(new Error('article not found'), { status: 404 });
  return article;
}

module.exports = { get };
""",
    "src/routes/articles.js": """\
const { Router } = require('express');
const articles = require('../services/articles');

const router = Router();
router.get('/articles/:slug', async (req, res) => res.json({ article: await articles.get(req.params.slug) }));
module.exports = router;
""",
}


def write(root: Path, files: dict[str, str], package: dict[str, object] | None = None) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (root / "package.json").write_text(json.dumps(package or PACKAGE, indent=2) + "\n")
    return root


def add(root: Path, relative: str, code: str) -> int:
    """Append code to a file (created if needed); returns the line of its first line."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text() if path.exists() else ""
    path.write_text(text + code)
    return text.count("\n") + 1


def reasons(verdict: Verdict | None, warnings: bool = False) -> list[str]:
    assert verdict is not None
    return [str(item) for item in (verdict.warnings if warnings else verdict.violations)]


@pytest.fixture
def app(tmp_path: Path) -> Path:
    return write(tmp_path / "app", EXPRESS_APP)


def report(root: Path, constraints: ConstraintSet = TASK) -> ComplianceReport:
    return check_all(root, constraints)


def test_clean_express_sequelize_app_is_compliant(app: Path) -> None:
    result = report(app)
    assert result.compliant, [str(v) for verdict in result.verdicts for v in verdict.violations]
    assert all(not verdict.warnings for verdict in result.verdicts)
    assert result.published_compliant is True
    orm = result.verdict("orm")
    assert orm is not None
    assert (
        "2 models declared with Sequelize: Article (src/models/article.js:4), tag (src/models/tag.js:4)" in orm.evidence
    )
    framework = result.verdict("framework")
    assert framework is not None and "express application created at src/index.js:5" in framework.evidence


def test_route_requiring_a_repository_is_flagged(app: Path) -> None:
    line = add(app, "src/routes/articles.js", "const direct = require('../repositories/articles');\n")
    assert reasons(report(app).verdict("architecture")) == [
        f"src/routes/articles.js:{line} routes import repositories (../repositories/articles): "
        "reach data through services"
    ]


def test_esm_reexport_and_dynamic_import_pointing_upward(app: Path) -> None:
    add(
        app,
        "src/models/index.mjs",
        "export { default as Article } from './article.js';\nexport * from '../services/articles.js';\n",
    )
    line = add(
        app, "src/repositories/articles.js", "async function lazy() {\n  return import('../services/articles.js');\n}\n"
    )
    verdict = report(app).verdict("architecture")
    assert reasons(verdict) == [
        "src/models/index.mjs:2 models import services (../services/articles.js): imports must point downward",
        f"src/repositories/articles.js:{line + 1} repositories import services (../services/articles.js): "
        "imports must point downward",
    ]
    assert verdict.published_compliant is False  # type: ignore[union-attr]


def test_non_literal_require_is_a_located_warning(app: Path) -> None:
    add(
        app,
        "src/routes/index.js",
        "const name = 'articles';\nmodule.exports = require('./' + name);\nimport(`./${name}.js`);\n",
    )
    verdict = report(app).verdict("architecture")
    assert verdict is not None and verdict.compliant
    assert reasons(verdict, warnings=True) == [
        "src/routes/index.js:2 require() of a computed path ('./' + name) cannot be checked",
        "src/routes/index.js:3 import() of a computed path (`./${name}.js`) cannot be checked",
    ]


def test_services_touching_the_database_are_flagged(app: Path) -> None:
    line = add(
        app,
        "src/services/articles.js",
        "const { Op } = require('sequelize');\nconst { Article } = require('../models');\n"
        "const all = () => Article.findAll({ where: { id: { [Op.gt]: 0 } } });\n",
    )
    assert reasons(report(app).verdict("architecture")) == [
        f"src/services/articles.js:{line} services import the ORM (sequelize): only repositories touch the database",
        f"src/services/articles.js:{line + 2} services query a model (Article.findAll): "
        "only repositories touch the database",
    ]


def test_raw_sequelize_query_fails_and_replacements_warn(app: Path) -> None:
    line = add(
        app,
        "src/repositories/articles.js",
        "const { sequelize } = require('../db');\n"
        "const count = () => sequelize.query('SELECT count(*) FROM articles');\n"
        "const bySlug = (slug) =>\n"
        "  sequelize.query('SELECT * FROM articles WHERE slug = :slug', { replacements: { slug } });\n"
        "const byTitle = (title) => sequelize.query(`SELECT * FROM articles WHERE title = '${title}'`);\n",
    )
    verdict = report(app).verdict("orm")
    assert reasons(verdict) == [
        f"src/repositories/articles.js:{line + 1} raw SQL executed in repositories: "
        'sequelize.query("SELECT count(*) FROM articles"); use sequelize queries',
        f"src/repositories/articles.js:{line + 4} SQL built by string interpolation in repositories: "
        "sequelize.query(\"SELECT * FROM articles WHERE title = '${title}'\")",
    ]
    assert reasons(verdict, warnings=True) == [
        f"src/repositories/articles.js:{line + 3} parameterised raw SQL through sequelize in repositories: "
        'sequelize.query("SELECT * FROM articles WHERE slug = :slug")'
    ]


def test_pg_and_sqlite3_together_fail_a_postgresql_task(app: Path) -> None:
    package = {**PACKAGE, "dependencies": {**PACKAGE["dependencies"], "sqlite3": "^5.1.7"}}  # type: ignore[dict-item]
    write(app, {}, package)
    line = (app / "package.json").read_text().splitlines().index('    "sqlite3": "^5.1.7"') + 1
    verdict = report(app).verdict("database")
    assert reasons(verdict) == [f"package.json:{line} SQLite driver sqlite3 declared in a PostgreSQL task"]
    assert verdict.published_compliant is False  # type: ignore[union-attr]


def test_sqlite_dialect_fallback_fails_a_postgresql_task(app: Path) -> None:
    (app / "src/db.js").write_text(
        "const { Sequelize } = require('sequelize');\n\n"
        "const sequelize = process.env.DATABASE_URL\n"
        "  ? new Sequelize(process.env.DATABASE_URL)\n"
        "  : new Sequelize({ dialect: 'sqlite', storage: 'dev.sqlite' });\n"
        "module.exports = { sequelize };\n"
    )
    assert reasons(report(app).verdict("database")) == [
        "src/db.js:5 SQLite connection (dialect: 'sqlite') in a PostgreSQL task"
    ]


def test_sqlite_task_with_sequelize(tmp_path: Path) -> None:
    files = {
        **EXPRESS_APP,
        "src/db.js": EXPRESS_APP["src/db.js"].replace(
            "process.env.DATABASE_URL, { logging: false }", "{ dialect: 'sqlite', storage: process.env.SQLITE_PATH }"
        ),
    }
    deps = {"express": "^4.21.2", "sequelize": "^6.37.5", "sqlite3": "^5.1.7"}
    root = write(tmp_path, files, {"name": "x", "dependencies": deps})
    result = report(root, ConstraintSet(framework="express", architecture="clean", database="sqlite", orm="sequelize"))
    assert result.compliant, [str(v) for verdict in result.verdicts for v in verdict.violations]
    database = result.verdict("database")
    assert database is not None and "reads SQLITE_PATH from the environment (src/db.js:3)" in database.evidence


def test_typescript_route_importing_a_repository(app: Path) -> None:
    add(
        app,
        "src/routes/users.ts",
        "import { Router, type Request } from 'express';\nimport type { User } from '../models/user';\n"
        "import * as users from '../repositories/users';\n\nexport const router: Router = Router();\n",
    )
    add(app, "src/repositories/users.ts", "export const find = async (id: number): Promise<null> => null;\n")
    assert reasons(report(app).verdict("architecture")) == [
        "src/routes/users.ts:3 routes import repositories (../repositories/users): reach data through services"
    ]
    assert reasons(report(app).verdict("architecture"), warnings=True) == [
        "src/routes/users.ts:2 routes import models (../models/user) directly, skipping services"
    ]


# ---- framework -----------------------------------------------------------------------------------------


def test_another_framework_serving_instead(app: Path) -> None:
    (app / "src/index.js").write_text(
        "const app = require('fastify')({ logger: true });\napp.listen({ port: 3000 });\n"
    )
    assert reasons(report(app).verdict("framework")) == [
        "(workspace) no express application is created in the code (expected express())",
        "src/index.js:1 a fastify application is created here; the task requires express",
    ]


@pytest.mark.parametrize(
    ("name", "source", "deps"),
    [
        ("koa", "import Koa from 'koa';\nconst app = new Koa();\napp.listen(3000);\n", {"koa": "^2.15.3"}),
        ("fastify", "import Fastify from 'fastify';\nconst app = Fastify();\n", {"fastify": "^5.2.0"}),
        (
            "hono",
            "import { Hono } from 'hono';\nimport { serve } from '@hono/node-server';\n"
            "const app = new Hono();\nserve({ fetch: app.fetch, port: 3000 });\n",
            {"hono": "^4.6.0", "@hono/node-server": "^1.13.0"},
        ),
    ],
)
def test_esm_frameworks_are_recognised(tmp_path: Path, name: str, source: str, deps: dict[str, str]) -> None:
    root = write(tmp_path, {"index.mjs": source}, {"name": "x", "type": "module", "dependencies": deps})
    verdict = report(root, ConstraintSet(framework=name)).verdict("framework")
    assert verdict is not None and verdict.compliant, reasons(verdict)


def test_hono_without_the_node_adapter(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {"index.js": "const { Hono } = require('hono');\nconst app = new Hono();\nexport default app;\n"},
        {"name": "x", "dependencies": {"hono": "^4.6.0"}},
    )
    assert reasons(report(root, ConstraintSet(framework="hono")).verdict("framework")) == [
        "(workspace) @hono/node-server is not declared in package.json: "
        "Hono needs it to listen on Node (serve({ fetch }))"
    ]


def test_dependency_folders_and_lock_files_are_ignored(app: Path) -> None:
    add(app, "node_modules/sqlite3/index.js", "module.exports = require('./lib/sqlite3');\n")
    add(app, "package-lock.json", '{"packages": {"node_modules/sqlite3": {"version": "5.1.7"}}}\n')
    add(app, "dist/bundle.js", "const db = require('better-sqlite3')('x.db');\n")
    assert report(app).compliant


def test_driver_used_directly_bypasses_sequelize_but_configuring_it_does_not(app: Path) -> None:
    line = add(
        app,
        "src/repositories/raw.js",
        "const { Pool, types } = require('pg');\n"
        "types.setTypeParser(20, Number);\n"
        "const pool = new Pool({ connectionString: process.env.DATABASE_URL });\n",
    )
    assert reasons(report(app).verdict("orm")) == [
        f"src/repositories/raw.js:{line + 2} Pool() calls pg directly, bypassing Sequelize"
    ]


def test_models_initialised_with_a_shared_base_class(app: Path) -> None:
    (app / "src/models/article.js").write_text(
        "const { DataTypes } = require('sequelize');\nconst { sequelize, Base } = require('../db');\n\n"
        "class Article extends Base {}\n"
        "Article.init({ slug: DataTypes.STRING }, { sequelize, modelName: 'article' });\n"
        "module.exports = Article;\n"
    )
    orm = report(app).verdict("orm")
    assert orm is not None and orm.compliant
    models = "2 models declared with Sequelize: Article (src/models/article.js:5), tag (src/models/tag.js:4)"
    assert models in orm.evidence
