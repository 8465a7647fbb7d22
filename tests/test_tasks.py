"""The benchmark's tasks: the 80 greenfield tasks, selection, `cagent tasks`, and published task files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from evals.tasks import all_tasks, select_tasks
from evals.tasks.catalog import SelectorError
from evals.tasks.published import TaskFileError, load_task_file
from tests.agent_cli_runs import assert_one_line_error, cagent


@pytest.fixture(autouse=True)
def _own_tasks_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "imported"
    monkeypatch.setenv("CAGENT_TASKS_DIR", str(folder))
    return folder


def test_eighty_greenfield_tasks_in_the_published_shape() -> None:
    tasks = [task for task in all_tasks() if task.kind == "greenfield"]
    assert len(tasks) == 80 and len({t.name for t in tasks}) == 80
    assert Counter(t.level for t in tasks) == {0: 8, 1: 24, 2: 32, 3: 16}
    frameworks = ("flask", "fastapi", "django", "aiohttp", "express", "fastify", "koa", "hono")
    assert Counter(t.framework for t in tasks) == dict.fromkeys(frameworks, 10)
    names = {t.name for t in tasks}
    assert "flask-openapi-clean_architecture-postgres-sqlalchemy" in names
    assert "django-openapi-sqlite-sqlalchemy" in names  # Django's ORM tasks ask for SQLAlchemy, as published
    assert "express-openapi-unconstrained" in names and "koa-openapi-clean_architecture-sqlite-sequelize" in names


def test_prompts_carry_each_constraint_and_the_contract() -> None:
    (l3,) = select_tasks("name=fastify-openapi-clean_architecture-postgres-sequelize")
    assert l3.prompt.lstrip().startswith("```yaml") and "openapi:" in l3.prompt
    assert "**Fastify** framework" in l3.prompt and "Sequelize Node ORM" in l3.prompt
    assert "Clean Architecture" in l3.prompt and "PostgreSQL" in l3.prompt and l3.port == 3000
    (l0,) = select_tasks("name=flask-openapi-unconstrained")
    assert "Clean Architecture" not in l0.prompt and "## Database" not in l0.prompt and l0.port == 8080


def test_selectors_combine_keys_and_values() -> None:
    chosen = select_tasks("kind=greenfield level=3 framework=flask,express")
    assert sorted(t.name for t in chosen) == [
        "express-openapi-clean_architecture-postgres-sequelize", "express-openapi-clean_architecture-sqlite-sequelize",
        "flask-openapi-clean_architecture-postgres-sqlalchemy", "flask-openapi-clean_architecture-sqlite-sqlalchemy",
    ]  # fmt: skip
    both = select_tasks("constraint=postgres,sqlalchemy")
    assert len(both) == 8 and all({"postgres", "sqlalchemy"} <= set(t.constraint_names) for t in both)
    assert len(select_tasks("constraint=none")) == 8
    with pytest.raises(SelectorError, match="unknown key"):
        select_tasks("colour=red")
    with pytest.raises(SelectorError, match="level '7'"):
        select_tasks("level=7")


def test_list_json_prints_the_documented_objects() -> None:
    done = cagent("tasks", "list", "--level", "3", "--framework", "flask,express", "--kind", "greenfield", "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert len(rows) == 4 and set(rows[0]) == {"name", "kind", "level", "framework", "constraints"}
    row = next(r for r in rows if r["name"] == "flask-openapi-clean_architecture-postgres-sqlalchemy")
    assert row == {"name": row["name"], "kind": "greenfield", "level": 3, "framework": "flask",
                   "constraints": ["clean_architecture", "postgres", "sqlalchemy"]}  # fmt: skip
    table = cagent("tasks", "list", "--constraint", "postgres", "--kind", "greenfield")
    assert table.returncode == 0 and "32 tasks" in table.stdout  # 4 postgres variants x 8 frameworks
    assert "flask-openapi-postgres" in table.stdout
    assert_one_line_error(cagent("tasks", "list", "--level", "9"), "level '9'")
    assert_one_line_error(cagent("tasks", "show", "nope"), "no task 'nope'")
    assert_one_line_error(cagent("tasks", "frobnicate"), "unknown action")


def _write_published(folder: Path, name: str, **changes: object) -> Path:
    document = {
        "name": name, "description": "a published task", "prompt": f"PROMPT OF {name}\nverbatim.",
        "dockerFolder": "uv", "patch": None,
        "repoMetadata": {"repoUrl": None, "repoCommit": None,
                         "setupCmds": ["uv pip install --system -r requirements.txt", "chmod +x run.sh"],
                         "runCmds": ["./run.sh"], "port": 8080, "baseUrl": "/api",
                         "healthcheckEndpoint": "/api/health-check"},
        "taskMetadata": None, "postmanCollection": "Conduit.postman_collection.json",
    }  # fmt: skip
    document.update(changes)
    path = folder / f"uv-{name}.json"
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document))
    return path


def test_published_task_files_import_with_their_prompt_verbatim(tmp_path: Path, _own_tasks_dir: Path) -> None:
    source = tmp_path / "published"
    _write_published(source, "aiohttp-openapi-clean_architecture-postgres-sqlalchemy")
    repo = tmp_path / "realworld-express"
    repo.mkdir()
    (source / "express-001.patch").parent.mkdir(exist_ok=True)
    (source / "express-001.patch").write_text("diff --git a/x b/x\n")
    meta = {
        "repoUrl": "https://github.com/someone/realworld-express.git", "setupCmds": ["npm install"],
        "runCmds": ["npm run develop"], "port": 3000, "baseUrl": "/api", "healthcheckEndpoint": "/api/health",
    }  # fmt: skip
    _write_published(source, "express-001", dockerFolder="express", patch="express-001.patch", repoMetadata=meta)
    env = {"CAGENT_TASKS_DIR": str(_own_tasks_dir)}
    done = cagent("tasks", "import", str(source), "--repos", str(tmp_path), env=env)
    assert done.returncode == 0 and "imported 2 tasks" in done.stdout, done.stderr
    shown = json.loads(cagent("tasks", "show", "express-001", "--json", env=env).stdout)
    assert shown["kind"] == "feature" and shown["framework"] == "express" and shown["run_cmds"] == ["npm run develop"]
    assert shown["patch"] == "diff --git a/x b/x\n" and shown["repo"] == str(repo) and shown["port"] == 3000
    (task,) = select_tasks("name=aiohttp-openapi-clean_architecture-postgres-sqlalchemy")
    assert task.prompt == "PROMPT OF aiohttp-openapi-clean_architecture-postgres-sqlalchemy\nverbatim."
    assert task.source.endswith(".json") and task.level == 3 and task.framework == "aiohttp"
    # the greenfield name replaced the built-in one; the feature task is new
    assert len([t for t in all_tasks() if t.source != "cagent" or t.kind == "greenfield"]) == 81


def test_export_then_import_round_trips(tmp_path: Path) -> None:
    exported = tmp_path / "out"
    done = cagent("tasks", "export", "--framework", "koa", "--out", str(exported))
    assert done.returncode == 0 and "wrote 10 task files" in done.stdout, done.stderr
    (original,) = select_tasks("name=koa-openapi-sqlite-sequelize")
    again = load_task_file(exported / "koa-openapi-sqlite-sequelize.json")
    assert again.prompt == original.prompt and again.constraints == original.constraints and again.level == 2
    assert json.loads((exported / "koa-openapi-sqlite-sequelize.json").read_text())["dockerFolder"] == "node"


def test_bad_task_files_are_one_line_and_import_nothing(tmp_path: Path, _own_tasks_dir: Path) -> None:
    source = tmp_path / "bad"
    _write_published(source, "flask-openapi-sqlite")
    (source / "broken.json").write_text("{not json")
    env = {"CAGENT_TASKS_DIR": str(_own_tasks_dir)}
    assert_one_line_error(cagent("tasks", "import", str(source), env=env), "broken.json: not JSON")
    assert not _own_tasks_dir.exists()
    with pytest.raises(TaskFileError, match="no known framework"):
        load_task_file(_write_published(tmp_path / "x", "cobol-openapi-sqlite", dockerFolder="cobol"))
    with pytest.raises(TaskFileError, match=r"repoMetadata\.port"):
        load_task_file(_write_published(tmp_path / "y", "flask-openapi-sqlite", repoMetadata={"runCmds": []}))
    assert_one_line_error(cagent("tasks", "import", str(tmp_path / "missing")), "no such folder")
