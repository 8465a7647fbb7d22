"""Task spec: defaults, path resolution, overrides, and one-line errors that name the key."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from agent.spec import Framework, SpecError, TaskSpec, load_spec, parse_spec
from planners.constraints.model import FRAMEWORKS, ORMS, ConstraintError, ConstraintSet
from planners.contracts import contract_path

FULL = """\
name: conduit-flask-l3-postgres
contract: conduit
framework: flask
constraints: {architecture: clean, database: postgresql, orm: sqlalchemy}
task: greenfield
workdir: ./runs/conduit-flask-l3-postgres
model: openai/gpt-5-mini
budget: {steps: 150, cost_usd: 5.0, wall_s: 3600}
mitigations: {plan: true, retrieval: true, schema: true, verifier: true}
"""


def write(folder: Path, text: str, name: str = "spec.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def spec_error(tmp_path: Path, data: dict[str, Any], overrides: dict[str, Any] | None = None) -> str:
    path = write(tmp_path, yaml.safe_dump(data))
    with pytest.raises(SpecError) as info:
        load_spec(path, overrides)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message.removeprefix(f"{path}: ")


def test_full_example_loads(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path / "specs", FULL))
    assert (spec.framework, spec.language, spec.level) == ("flask", "python", 3)
    assert spec.constraint_set() == ConstraintSet(
        framework="flask", architecture="clean", database="postgresql", orm="sqlalchemy"
    )
    assert spec.workdir == (tmp_path / "specs" / "runs" / "conduit-flask-l3-postgres").resolve()
    assert spec.contract_file() == contract_path("conduit") and "paths" in spec.load_contract()
    assert spec.mitigations.enabled("schema") and spec.mitigations.model_dump()["schema"] is True


def test_defaults_for_everything_but_name_and_framework(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, "name: koa-l0\nframework: koa\n"))
    assert (spec.language, spec.level, spec.task, spec.contract, spec.model) == (
        "node",
        0,
        "greenfield",
        "conduit",
        "openai/gpt-5-mini",
    )
    assert spec.constraints.model_dump() == {"architecture": "none", "database": "none", "orm": "none"}
    assert (spec.budget.steps, spec.budget.cost_usd, spec.budget.wall_s) == (150, 5.0, 3600.0)
    assert all(spec.mitigations.enabled(m) for m in ("plan", "retrieval", "schema", "verifier"))
    assert spec.workdir == tmp_path.resolve() / "runs" / "koa-l0"
    assert spec.repo is None and spec.description is None


def test_aliases_and_none_values_are_normalised(tmp_path: Path) -> None:
    text = "name: x\nframework: Express\nconstraints: {database: postgres, orm: Sequelize, architecture: none}\n"
    spec = load_spec(write(tmp_path, text))
    assert (spec.framework, spec.constraints.database, spec.constraints.orm) == ("express", "postgresql", "sequelize")
    assert spec.constraints.architecture == "none" and spec.level == 2


def test_relative_paths_resolve_against_the_spec_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "project" / "specs"
    (folder / "upstream").mkdir(parents=True)
    shutil.copy(contract_path("conduit"), folder / "api.yaml")
    spec_file = write(
        folder,
        "name: f\nframework: flask\ntask: feature\nrepo: upstream\ndescription: add comments\n"
        "contract: ./api.yaml\nworkdir: ../out\n",
    )
    monkeypatch.chdir(tmp_path)  # somewhere else: the spec's folder must win
    spec = load_spec(spec_file)
    assert spec.repo == (folder / "upstream").resolve()
    assert spec.workdir == (tmp_path / "project" / "out").resolve()
    assert Path(spec.contract) == (folder / "api.yaml").resolve() == spec.contract_file()


def test_overrides_win_dotted_or_nested_and_none_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec_file = write(tmp_path / "specs", FULL)
    monkeypatch.chdir(tmp_path)
    spec = load_spec(
        spec_file,
        {
            "model": "scripted:demo.jsonl",
            "budget.steps": 7,
            "mitigations": {"verifier": False},
            "constraints.orm": "none",
            "workdir": "elsewhere",  # override paths are relative to the current directory
            "framework": None,
        },
    )
    assert spec.model == "scripted:demo.jsonl" and spec.budget.steps == 7 and spec.budget.cost_usd == 5.0
    assert not spec.mitigations.verifier and spec.mitigations.plan
    assert spec.constraints.orm == "none" and spec.framework == "flask" and spec.level == 2
    assert spec.workdir == (tmp_path / "elsewhere").resolve()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"framework": "flask"}, "name: is required"),
        ({"name": "x"}, "framework: is required; choose one of flask, fastapi, django, aiohttp, express, fastify,"),
        (
            {"name": "x", "framework": "rails"},
            "framework: unknown framework 'rails'; choose one of flask, fastapi, django, aiohttp, express, fastify, "
            "koa, hono",
        ),
        ({"name": "x", "framework": "flask", "budget": {"steps": 0}}, "budget.steps: must be a positive integer"),
        ({"name": "x", "framework": "flask", "budget": {"steps": 2.5}}, "budget.steps: must be a positive integer"),
        ({"name": "x", "framework": "flask", "budget": {"steps": "ten"}}, "budget.steps: must be a positive integer"),
        ({"name": "x", "framework": "flask", "budget": {"cost_usd": -1}}, "budget.cost_usd: must be a positive number"),
        ({"name": "x", "framework": "flask", "budget": {"wall_s": True}}, "budget.wall_s: must be a positive number"),
        (
            {"name": "x", "framework": "flask", "budget": {"stepz": 3}},
            "budget.stepz: unknown key; known keys: steps, cost_usd, wall_s",
        ),
        ({"name": "x", "framework": "flask", "mitigations": {"plan": "on"}}, "mitigations.plan: must be true or false"),
        (
            {"name": "x", "framework": "flask", "constraints": {"database": "mysql"}},
            "constraints.database: unknown database 'mysql'; choose one of sqlite, postgresql, none",
        ),
        (
            {"name": "x", "framework": "flask", "constraints": {"architecture": "hexagonal"}},
            "constraints.architecture: unknown architecture 'hexagonal'; choose one of clean, none",
        ),
        (
            {"name": "x", "framework": "flask", "constraints": "clean"},
            "constraints: must be a mapping of architecture, database, orm",
        ),
        (
            {"name": "x", "framework": "flask", "constraints": {"language": "python"}},
            "constraints.language: unknown key; known keys: architecture, database, orm",
        ),
        ({"name": "x", "framework": "flask", "task": "bugfix"}, "task: must be one of 'greenfield' or 'feature'"),
        ({"name": "a b", "framework": "flask"}, "name: must be letters, digits, '.', '_' or '-'"),
        ({"name": "x", "framework": "flask", "model": ""}, "model: must be a non-empty model string"),
        ({"name": "x", "framework": "flask", "contract": "petstore"}, "contract: unknown contract 'petstore'"),
        ({"name": "x", "framework": "flask", "contract": "missing.yaml"}, "contract: cannot read contract "),
        ({"name": "x", "framework": "flask", "colour": "blue"}, "colour: unknown key; known keys: name, contract,"),
    ],
)
def test_errors_are_one_line_with_the_key(tmp_path: Path, data: dict[str, Any], expected: str) -> None:
    assert spec_error(tmp_path, data).startswith(expected)


@pytest.mark.parametrize(
    ("framework", "orm", "expected"),
    [
        ("flask", "sequelize", "constraints.orm: sequelize is an ORM for Node; flask is Python"),
        ("django", "sequelize", "constraints.orm: sequelize is an ORM for Node; django is Python"),
        ("express", "sqlalchemy", "constraints.orm: sqlalchemy is an ORM for Python; express is Node"),
        ("hono", "SQLAlchemy", "constraints.orm: sqlalchemy is an ORM for Python; hono is Node"),
    ],
)
def test_orm_language_contradictions_are_refused(tmp_path: Path, framework: str, orm: str, expected: str) -> None:
    data = {"name": "x", "framework": framework, "constraints": {"database": "sqlite", "orm": orm}}
    assert spec_error(tmp_path, data) == expected


def test_feature_task_needs_an_existing_repo_and_a_description(tmp_path: Path) -> None:
    base = {"name": "x", "framework": "fastapi", "task": "feature"}
    assert spec_error(tmp_path, base).startswith("repo: is required for a feature task")
    assert spec_error(tmp_path, {**base, "repo": "nowhere", "description": "add tags"}) == (
        f"repo: no such directory: {(tmp_path / 'nowhere').resolve()}"
    )
    (tmp_path / "repo").mkdir()
    assert spec_error(tmp_path, {**base, "repo": "repo"}).startswith("description: is required for a feature task")
    spec = load_spec(write(tmp_path, yaml.safe_dump({**base, "repo": "repo", "description": "add tags"})))
    assert spec.task == "feature" and spec.repo == (tmp_path / "repo").resolve()
    greenfield = {"name": "x", "framework": "fastapi", "repo": "repo"}
    assert spec_error(tmp_path, greenfield) == "repo: only a feature task takes one (task is greenfield)"


def test_override_errors_say_so(tmp_path: Path) -> None:
    data = {"name": "x", "framework": "flask"}
    assert spec_error(tmp_path, data, {"budget.steps": -3}) == "budget.steps: must be a positive integer (override)"
    assert spec_error(tmp_path, data, {"budget": {"steps": 0}}).endswith("(override)")


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"spec\.yaml: cannot read: No such file or directory$"):
        load_spec(tmp_path / "spec.yaml")
    broken = write(tmp_path, "name: x\nframework: [flask\n")
    with pytest.raises(SpecError, match=r"spec\.yaml: line \d+: invalid YAML: "):
        load_spec(broken)
    with pytest.raises(SpecError, match=r"spec\.yaml: must be a YAML mapping with at least name and framework$"):
        load_spec(write(tmp_path, "- flask\n"))
    with pytest.raises(SpecError, match="must be a YAML mapping"):
        load_spec(write(tmp_path, ""))


def test_spec_error_is_a_value_error_with_its_parts() -> None:
    with pytest.raises(ValueError) as info:
        parse_spec({"name": "x", "framework": "flask", "budget": {"steps": 0}}, source="inline")
    error = info.value
    assert isinstance(error, SpecError) and (error.source, error.key) == ("inline", "budget.steps")


def test_dump_round_trips(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path, FULL))
    assert TaskSpec.model_validate(spec.model_dump()) == spec
    assert TaskSpec.model_validate_json(spec.model_dump_json()) == spec


def test_spec_agrees_with_the_constraint_catalog(tmp_path: Path) -> None:
    assert get_args(Framework) == tuple(FRAMEWORKS)
    for framework in FRAMEWORKS:
        for orm in ORMS:
            data = {"name": "x", "framework": framework, "constraints": {"database": "sqlite", "orm": orm}}
            try:
                ConstraintSet(framework=framework, database="sqlite", orm=orm)
                planner_accepts = True
            except ConstraintError:
                planner_accepts = False
            try:
                parse_spec(data, base_dir=tmp_path)
                spec_accepts = True
            except SpecError:
                spec_accepts = False
            assert spec_accepts == planner_accepts, (framework, orm)
