"""Task files in the published benchmark's JSON format, turned into BenchTasks.

The format (camelCase keys): `name`, `description`, `prompt`, `dockerFolder` (`uv`/`node` for greenfield
tasks, a framework folder for feature tasks), `patch` (a file beside the task removing the feature, or
null), `repoMetadata` {`repoUrl`, `repoCommit`, `setupCmds`, `runCmds`, `port`, `baseUrl`,
`healthcheckEndpoint`}, `taskMetadata` (size of the removed code, or null). The prompt is kept verbatim;
framework and constraints are read from the name, as the published evaluation reads them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from agent.spec import Constraints
from evals.tasks.model import CONSTRAINT_TOKENS, BenchTask
from planners.constraints.model import FRAMEWORKS

# Framework spellings of the published names beyond ours.
_FRAMEWORK_ALIASES = {"honojs": "hono", "hono": "hono"}


class TaskFileError(ValueError):
    """A task file that cannot be imported; the message names the file and the reason in one line."""


class RepoMetadata(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    repo_url: str | None = Field(None, alias="repoUrl")
    repo_commit: str | None = Field(None, alias="repoCommit")
    setup_cmds: list[str] = Field(default_factory=list, alias="setupCmds")
    run_cmds: list[str] = Field(default_factory=list, alias="runCmds")
    port: int = Field(gt=0, lt=65536)
    # Where the app serves the API (the suites' /api is moved there); its health check is the one the
    # runner waits for.
    base_url: str = Field("/api", alias="baseUrl", pattern=r"^/[^?#\s]*$")
    healthcheck_endpoint: str = Field("/api/health-check", alias="healthcheckEndpoint", pattern=r"^/")


class PublishedTask(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    name: str = Field(min_length=1)
    description: str = ""
    prompt: str = Field(min_length=1)
    docker_folder: str = Field(alias="dockerFolder")
    patch: str | None = None
    repo_metadata: RepoMetadata = Field(alias="repoMetadata")
    task_metadata: dict[str, Any] | None = Field(None, alias="taskMetadata")


def _framework_and_constraints(name: str, docker_folder: str) -> tuple[str, Constraints]:
    tokens = name.replace("-openapi", "").split("-")
    first = _FRAMEWORK_ALIASES.get(tokens[0], tokens[0])
    framework = first if first in FRAMEWORKS else _FRAMEWORK_ALIASES.get(docker_folder, docker_folder)
    if framework not in FRAMEWORKS:
        raise ValueError(f"no known framework in the name {name!r} (known: {', '.join(FRAMEWORKS)})")
    values = dict(CONSTRAINT_TOKENS[token] for token in tokens if token in CONSTRAINT_TOKENS)
    return framework, Constraints(**values)


def _repo(meta: RepoMetadata, folder: Path, repos: Path | None) -> Path | None:
    """A feature task's repository: the URL when it names a local folder, else its clone under `repos`."""
    if not meta.repo_url:
        return None
    candidates = [Path(meta.repo_url).expanduser(), folder / meta.repo_url]
    if repos is not None:
        candidates.append(repos / meta.repo_url.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1])
    return next((path.resolve() for path in candidates if path.is_dir()), None)


def load_task_file(path: Path, repos: Path | None = None) -> BenchTask:
    """One published task file as a BenchTask; TaskFileError says what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        published = PublishedTask.model_validate(data)
        framework, constraints = _framework_and_constraints(published.name, published.docker_folder)
    except (OSError, UnicodeDecodeError) as exc:
        raise TaskFileError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or type(exc).__name__}") from None
    except json.JSONDecodeError as exc:
        raise TaskFileError(f"{path}: not JSON: {exc.msg} at line {exc.lineno}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "task"
        raise TaskFileError(f"{path}: {where}: {first['msg']}") from None
    except ValueError as exc:
        raise TaskFileError(f"{path}: {exc}") from None
    patch_text = None
    if published.patch:
        patch_file = path.parent / published.patch
        if not patch_file.is_file():
            raise TaskFileError(f"{path}: its patch {published.patch} is not beside it")
        patch_text = patch_file.read_text(encoding="utf-8")
    meta = published.repo_metadata
    kind = "feature" if patch_text is not None or published.docker_folder not in ("uv", "node") else "greenfield"
    repo = _repo(meta, path.parent, repos)
    if kind == "feature" and repo is None:
        raise TaskFileError(f"{path}: its repository {meta.repo_url} is not here; pass --repos DIR with a clone")
    return BenchTask(
        name=published.name, kind=kind, framework=framework, language=FRAMEWORKS[framework],
        constraints=constraints, prompt=published.prompt, description=published.description,
        source=str(path.resolve()), setup_cmds=meta.setup_cmds, run_cmds=meta.run_cmds or ["./run.sh"],
        port=meta.port, base_url=meta.base_url, health_check=meta.healthcheck_endpoint, repo=repo, patch=patch_text,
    )  # fmt: skip


def task_files(folder: Path) -> list[Path]:
    """The task files under `folder` (recursively), in name order."""
    return sorted(p for p in folder.rglob("*.json") if p.is_file())
