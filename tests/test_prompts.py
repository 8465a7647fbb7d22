"""Prompt templates: sections by constraint level, contract first, strict variables, loop notes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import jinja2
import pytest

import prompts
from planners.contracts import contract_path
from prompts.render import condensed_note, malformed_note, render, template_names

CONTRACT = contract_path("conduit").read_text(encoding="utf-8")
SECTIONS = [
    "## Requirements",
    "## Architecture",
    "## Database",
    "## Mandatory Files",
    "## Server Configuration",
    "## Evaluation Pipeline",
]
TOOLS = [
    {"name": "bash", "description": "Run a bash command in the workspace.\nSecond line not shown."},
    {"name": "editor", "description": "View and edit files."},
    {"name": "submit", "description": "Finish the task."},
]


def greenfield(framework: str = "flask", language: str = "python", **constraints: str) -> str:
    context: dict[str, Any] = {"architecture": "none", "database": "none", "orm": "none", **constraints}
    return render("task_greenfield.md.j2", contract_text=CONTRACT, framework=framework, language=language, **context)


def headings(text: str) -> list[str]:
    return re.findall(r"^## .+$", text, flags=re.MULTILINE)


def test_templates_ship_as_package_resources() -> None:
    names = template_names()
    assert names == sorted(names) and all(name.endswith(".md.j2") for name in names)
    assert {
        "condensed_observation.md.j2", "judge_failure.md.j2", "malformed_tool_call.md.j2", "system.md.j2",
        "task_feature.md.j2", "task_greenfield.md.j2", "plan_checklist.md.j2", "retrieval_conventions.md.j2",
        "verifier_prompt.md.j2",
    } <= set(names)  # fmt: skip
    shipped = {path.name for path in Path(prompts.__file__).parent.glob("*.j2")}
    assert set(names) == shipped, "every template in the package is listed, and only those"


def test_contract_comes_first_verbatim() -> None:
    prompt = greenfield()
    assert prompt.startswith("```yaml\n" + CONTRACT.strip().splitlines()[0])
    assert CONTRACT.strip() in prompt
    assert prompt.index(CONTRACT.strip()) < prompt.index("Generate a complete") < prompt.index("## Requirements")


def test_l0_has_only_the_unconstrained_sections() -> None:
    prompt = greenfield("express", "node")
    assert headings(prompt) == [s for s in SECTIONS if s not in ("## Architecture", "## Database")]
    assert "Generate a complete Node.js REST API server compliant with the given specification." in prompt
    assert "- You MUST use the **Express** framework.\n- You MUST work in the current directory.\n\n" in prompt
    for absent in ("architecture described below", "database as described below", "ORM", "DATABASE_URL"):
        assert absent not in prompt
    assert "`package.json`" in prompt and "npm install" in prompt and "requirements.txt" not in prompt


def test_l3_postgres_has_every_section_in_order() -> None:
    prompt = greenfield(architecture="clean", database="postgresql", orm="sqlalchemy")
    assert headings(prompt) == SECTIONS
    requirements = prompt.split("## Requirements")[1].split("##")[0]
    assert requirements.strip().splitlines() == [
        "- You MUST use the **Flask** framework.",
        "- You MUST work in the current directory.",
        "- You MUST follow the architecture described below.",
        "- You MUST use the database as described below.",
        "- You MUST use the SQLAlchemy Python ORM for handling the database.",
    ]
    architecture = prompt.split("## Architecture")[1].split("##")[0]
    for layer in ("Routes/Handlers", "Services/Use Cases", "Models/Entities", "Repository/Data Access"):
        assert f"**{layer} layer**" in architecture
    assert "routes import services, services import repositories, never the reverse" in architecture
    database = prompt.split("## Database")[1].split("##")[0]
    assert "Use **PostgreSQL** as the database. The database schema MUST be created automatically on server" in database
    for variable in ("DATABASE_URL", "PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE"):
        assert f"`{variable}`" in database
    assert "host=postgres" not in prompt and "5432" not in prompt  # no fixed host: the environment says
    assert "`DATABASE_URL` and the `PG*` variables set and a fresh, empty database" in prompt


def test_sqlite_database_section() -> None:
    prompt = greenfield("koa", "node", database="sqlite", orm="sequelize")
    assert headings(prompt) == [s for s in SECTIONS if s != "## Architecture"]
    database = prompt.split("## Database")[1].split("##")[0]
    assert "Use **SQLite** as the database. The database schema MUST be created automatically" in database
    assert "`DATABASE_URL`" in database and "PGHOST" not in database
    assert "- You MUST use the Sequelize Node ORM for handling the database." in prompt


def test_architecture_alone_adds_only_its_section() -> None:
    prompt = greenfield("django", architecture="clean")
    assert headings(prompt) == [s for s in SECTIONS if s != "## Database"]
    assert "**Django**" in prompt


@pytest.mark.parametrize(("framework", "language", "port"), [("fastapi", "python", 8080), ("hono", "node", 3000)])
def test_port_comes_from_the_environment_with_a_default(framework: str, language: str, port: int) -> None:
    prompt = greenfield(framework, language)
    assert f"the `PORT` environment variable, {port} when it is unset, on all interfaces (`0.0.0.0`)" in prompt
    assert "`GET /api/health-check` MUST return HTTP 200." in prompt
    assert "All routes MUST be under the `/api` prefix." in prompt
    assert "A test suite runs against `http://localhost:$PORT/api`." in prompt
    assert "`run.sh` MUST start the server in the foreground (not daemonized)" in prompt


def test_python_mandatory_files_and_install() -> None:
    prompt = greenfield("aiohttp")
    files = prompt.split("## Mandatory Files")[1].split("##")[0]
    assert "`requirements.txt`" in files and "Do NOT invent versions" in files and "`>=` versions" in files
    assert "`run.sh`" in files and "package.json" not in files
    assert "pip install -r requirements.txt" in prompt


def test_optional_runtime_label_and_startup_budget() -> None:
    prompt = greenfield(runtime="Python 3.12", startup_s="20")
    assert "Generate a complete Python 3.12 REST API server" in prompt and "about 20 seconds" in prompt


def test_missing_variable_is_an_error_not_an_empty_string() -> None:
    with pytest.raises(jinja2.UndefinedError, match="orm"):
        render(
            "task_greenfield.md.j2",
            contract_text=CONTRACT,
            framework="flask",
            language="python",
            architecture="none",
            database="sqlite",
        )
    with pytest.raises(jinja2.UndefinedError):
        render("system.md.j2", tools=TOOLS)
    with pytest.raises(jinja2.UndefinedError):
        render("malformed_tool_call.md.j2")


def test_only_templates_of_the_package_can_be_loaded() -> None:
    for name in ("nope.md.j2", "../agent/spec.py", "render.py/x"):
        with pytest.raises(jinja2.TemplateNotFound):
            render(name)


def test_system_prompt_names_the_tools_once_and_the_rules() -> None:
    prompt = render("system.md.j2", tools=TOOLS, language="python")
    assert "Your tools are `bash`, `editor`, `submit`;" in prompt
    # descriptions travel in the request's `tools` field: the system prompt does not repeat them
    assert not any(tool["description"].splitlines()[0] in prompt for tool in TOOLS)
    assert "call `submit`" in prompt and "only `submit` does" in prompt
    assert "`./run.sh`" in prompt and "MUST start the server in the foreground" in prompt
    assert "no `&`, no `nohup`" in prompt and "`$PORT` (default 8080)" in prompt
    assert "`verify`" not in prompt and "`server` tool" not in prompt


def test_system_prompt_adapts_to_verify_and_server_tools() -> None:
    class Tool:
        def __init__(self, name: str) -> None:
            self.name, self.description = name, f"The {name} tool."

    tools = [Tool(name) for name in ("bash", "server", "verify", "submit")]
    prompt = render("system.md.j2", tools=tools, language="node")
    assert "call `verify` and fix what it reports. Then call `submit`" in prompt
    assert "with the `server` tool" in prompt and "`$PORT` (default 3000)" in prompt
    assert "heredocs must be quoted" in prompt  # no editor tool offered


def test_feature_prompt() -> None:
    prompt = render(
        "task_feature.md.j2",
        contract_text=CONTRACT,
        framework="fastapi",
        language="python",
        description="add the missing comments functionalities.",
    )
    assert prompt.index(CONTRACT.strip()) < prompt.index("Complete the existing repository")
    assert "compliant with this OpenAPI specification: add the missing comments functionalities." in prompt
    assert "existing FastAPI (Python) application" in prompt


def test_every_framework_and_variant_renders() -> None:
    frameworks = {"flask": "python", "fastapi": "python", "django": "python", "aiohttp": "python"}
    frameworks |= {"express": "node", "fastify": "node", "koa": "node", "hono": "node"}
    for framework, language in frameworks.items():
        orm = "sqlalchemy" if language == "python" else "sequelize"
        for architecture in ("none", "clean"):
            for database in ("none", "sqlite", "postgresql"):
                chosen = orm if database != "none" else "none"
                prompt = greenfield(framework, language, architecture=architecture, database=database, orm=chosen)
                expected = 4 + (architecture == "clean") + (database != "none")
                assert len(headings(prompt)) == expected, (framework, architecture, database)


def test_loop_notes() -> None:
    note = condensed_note("total 12\n" + "x" * 500, "bash")
    assert note.startswith("[Output of `bash` removed to save context (509 characters); it began with: total 12.")
    assert "x" * 200 not in condensed_note("x" * 1000, "bash")
    assert "it began with" not in condensed_note("", "editor")
    correction = malformed_note("arguments of bash are not a JSON object: Expecting value.")
    assert correction.startswith("Your last turn could not be carried out: arguments of bash are not a JSON object")
    assert "single JSON object" in correction and "`submit`" in correction and "..\n" not in correction


def test_renders_from_a_zipped_package(tmp_path: Path) -> None:
    # Installed packages may not be plain folders; templates are read through importlib.resources.
    import prompts

    archive = tmp_path / "prompts.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in Path(prompts.__file__).parent.iterdir():
            if path.suffix in {".py", ".j2"}:
                zipped.write(path, f"prompts/{path.name}")
    code = "import prompts; from prompts.render import render; print(prompts.__file__); print(render(%r, problem='p'))"
    env = {**os.environ, "PYTHONPATH": str(archive)}
    command = [sys.executable, "-c", code % "malformed_tool_call.md.j2"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "prompts.zip" in done.stdout and "could not be carried out: p." in done.stdout


def test_feature_prompt_names_the_constraints_the_code_must_keep() -> None:
    plain = render("task_feature.md.j2", contract_text="openapi: 3.1.0", framework="flask", language="python",
                   description="add comments")  # fmt: skip
    constrained = render(
        "task_feature.md.j2", contract_text="openapi: 3.1.0", framework="flask", language="python",
        description="add comments", architecture="clean", database="postgresql", orm="sqlalchemy",
    )  # fmt: skip
    assert "Clean Architecture" not in plain and "PostgreSQL" not in plain
    assert "Clean Architecture" in constrained and "no SQLite fallback" in constrained
    assert "SQLAlchemy ORM" in constrained
