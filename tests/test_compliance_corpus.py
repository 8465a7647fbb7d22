"""Compliance verdicts on projects shaped like real ones (tests/compliance_corpus/): a DI container with a
settings class, split requirement files with a run.sh that dispatches on DATABASE_URL, feature-folder
layouts, Django settings. Each project once drew a false verdict; each verdict is asserted here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planners.compliance.report import ComplianceReport, check_all
from planners.compliance.verdict import Verdict
from planners.constraints import ConstraintSet

CORPUS = Path(__file__).resolve().parent / "compliance_corpus"
CLEAN_PG = {"architecture": "clean", "database": "postgresql", "orm": "sqlalchemy"}


def check(project: str | Path, **constraints: str) -> ComplianceReport:
    root = project if isinstance(project, Path) else CORPUS / project
    return check_all(root, ConstraintSet(**constraints))  # type: ignore[arg-type]


def verdict(report: ComplianceReport, kind: str) -> Verdict:
    found = report.verdict(kind)
    assert found is not None
    return found


def lines(items: list) -> list[str]:
    return [str(item) for item in items]


@pytest.fixture
def flask_copy(tmp_path: Path) -> Path:
    target = tmp_path / "flask"
    shutil.copytree(CORPUS / "flask-split-requirements", target)
    return target


# ---- a DI container, a settings class, synonym folders -------------------------------------------------


def test_di_container_project_is_compliant_and_says_why() -> None:
    report = check("fastapi-di-postgres", framework="fastapi", **CLEAN_PG)
    assert report.compliant, [(v.kind, lines(v.violations)) for v in report.verdicts]
    architecture = verdict(report, "architecture").evidence
    assert "routes: 3 files (by directory api/: app/api/__init__.py, app/api/articles.py, app/api/health.py)" in (
        architecture
    )
    assert any(line.startswith("services: 2 files (by directory use_cases/:") for line in architecture)
    assert any(line.startswith("models: 2 files (by directory entities/:") for line in architecture)
    assert "repositories: 1 files (by file name *_repository: app/impl/article_repository.py)" in architecture
    database = verdict(report, "database")
    # The exception import is a warning; the settings field is a read, its value only a default.
    assert lines(database.warnings) == [
        "app/impl/article_repository.py:1 only exception classes of sqlite3 imported in a PostgreSQL task"
    ]
    assert "reads DATABASE_URL from the environment (app/settings.py:9)" in database.evidence
    orm = verdict(report, "orm")
    assert orm.warnings == []
    assert any("create_async_engine passed to dependency_injector.providers.Singleton (app/container.py:11)" in e
               and "async_sessionmaker passed to dependency_injector.providers.Factory (app/container.py:12)" in e
               for e in orm.evidence)  # fmt: skip
    assert verdict(report, "framework").evidence[0] == "fastapi declared in pyproject.toml:8"


def test_settings_field_aliases_are_reads(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask\nsqlalchemy\npsycopg[binary]\npydantic-settings\n")
    (tmp_path / "config.py").write_text(
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\n\n"
        "class Base(BaseSettings):\n    debug: bool = False\n\n\n"
        "class Settings(Base):\n"
        '    db: str = Field(default="postgresql://u:p@db:5432/x", alias="DATABASE_URL")\n'
    )
    database = verdict(check(tmp_path, framework="flask", database="postgresql"), "database")
    assert database.compliant, lines(database.violations)
    assert "reads DATABASE_URL from the environment (config.py:10)" in database.evidence


# ---- split requirements, run.sh dispatch, feature folders ----------------------------------------------


@pytest.mark.parametrize("database", ["postgresql", "sqlite"])
def test_split_requirements_and_feature_folders(database: str) -> None:
    report = check("flask-split-requirements", framework="flask", **{**CLEAN_PG, "database": database})
    assert verdict(report, "framework").evidence[0] == "flask declared in requirements/base.txt:1"
    assert verdict(report, "orm").compliant
    architecture = verdict(report, "architecture")
    assert architecture.compliant and architecture.published_compliant is True
    assert architecture.evidence[0] == (
        "routes: 2 files (by file name *_routes: conduit/users/user_routes.py; "
        "by file name views: conduit/articles/views.py)"
    )
    db = verdict(report, "database")
    assert "reads DATABASE_URL from the environment (run.sh:4)" in db.evidence
    if database == "postgresql":
        assert db.compliant and "psycopg declared (requirements/prod.txt:2)" in db.evidence
    else:
        # The case patterns are comparisons, not PostgreSQL connections; what is left is the truth.
        assert lines(db.violations) == ["(workspace) no sign of SQLite in the dependencies or the code"]
        assert lines(db.warnings) == ["requirements/prod.txt:2 PostgreSQL driver psycopg declared in a SQLite task"]


def test_a_service_importing_the_request_is_a_violation_for_cagent_only(flask_copy: Path) -> None:
    service = flask_copy / "conduit" / "users" / "user_service.py"
    service.write_text("from flask import request\n\n" + service.read_text())
    helper = flask_copy / "conduit" / "articles" / "service.py"
    helper.write_text("from werkzeug.security import check_password_hash\n\n" + helper.read_text())
    architecture = verdict(check(flask_copy, framework="flask", **CLEAN_PG), "architecture")
    assert lines(architecture.violations) == [
        "conduit/users/user_service.py:1 services import the web framework (flask): keep it in routes, "
        "services stay framework-agnostic"
    ]
    assert lines(architecture.warnings) == [
        "conduit/articles/service.py:1 services import the web framework (werkzeug.security): keep it in routes, "
        "services stay framework-agnostic"
    ]
    assert architecture.published_compliant is True  # the published verifier has no such rule


def test_a_hard_coded_url_in_run_sh_is_still_an_override(flask_copy: Path) -> None:
    run = flask_copy / "run.sh"
    run.write_text(run.read_text().replace("exec python", "export CONDUIT_DB=sqlite:///local.db\nexec python"))
    database = verdict(check(flask_copy, framework="flask", **CLEAN_PG), "database")
    assert lines(database.violations) == ["run.sh:9 SQLite connection (sqlite:///local.db) in a PostgreSQL task"]


# ---- Django settings: severities the right way round ---------------------------------------------------


def test_a_real_sqlite_engine_is_a_violation_and_an_exception_import_a_warning() -> None:
    report = check("django-settings-sqlite", framework="django", database="postgresql")
    assert verdict(report, "framework").evidence[0] == "django declared in Pipfile:7"
    database = verdict(report, "database")
    assert lines(database.violations) == [
        "conduit/settings.py:11 SQLite ENGINE django.db.backends.sqlite3 configured in a PostgreSQL task"
    ]
    assert "conduit/api.py:1 only exception classes of sqlite3 imported in a PostgreSQL task" in lines(
        database.warnings
    )
    assert "psycopg2-binary declared (Pipfile:9)" in database.evidence


def test_a_sqlite_engine_used_only_without_database_url_is_a_warning(tmp_path: Path) -> None:
    shutil.copytree(CORPUS / "django-settings-sqlite", tmp_path / "site")
    settings = tmp_path / "site" / "conduit" / "settings.py"
    settings.write_text(
        settings.read_text()
        .replace("from pathlib import Path\n", "import os\nfrom pathlib import Path\n\nimport dj_database_url\n")
        .replace(
            '"ENGINE": "django.db.backends.sqlite3",',
            '"ENGINE": "django.db.backends.postgresql" if os.environ.get("DATABASE_URL") '
            'else "django.db.backends.sqlite3",',
        )
    )
    database = verdict(check(tmp_path / "site", framework="django", database="postgresql"), "database")
    assert database.compliant, lines(database.violations)
    assert any("SQLite default (django.db.backends.sqlite3)" in w for w in lines(database.warnings))


# ---- Node: layers by file name ---------------------------------------------------------------------------


def test_node_feature_folders_are_layered_by_file_name() -> None:
    report = check("express-feature-folders", framework="express", architecture="clean", database="sqlite",
                   orm="sequelize")  # fmt: skip
    assert report.compliant, [(v.kind, lines(v.violations)) for v in report.verdicts]
    evidence = verdict(report, "architecture").evidence
    assert evidence[1] == (
        "services: 2 files (by file name *.service: src/users/users.service.js; "
        "by file name *Service: src/articles/ArticleService.js)"
    )
    assert evidence[2].startswith("repositories: 2 files (by file name *.repository: src/users/users.repository.js;")
    # `[[ ... == postgres://* ]]` in run.sh compares; it connects nowhere.
    assert verdict(report, "database").violations == []
