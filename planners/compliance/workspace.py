"""The files of a backend workspace that compliance checks read: application sources and manifests.

Dependency, build and runtime folders (node_modules, virtualenvs, caches, dist/build), database files
and lock files are skipped: they are not the application's code and would drown the evidence.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Literal

SourceLanguage = Literal["python", "javascript", "typescript"]

SKIP_DIRS = frozenset(
    {
        "node_modules",
        ".venv",
        "venv",
        "env",
        "__pycache__",
        "dist",
        "build",
        "coverage",
        "site-packages",
        "bower_components",
    }
)
SKIP_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db-wal", ".db-shm", ".min.js", ".map")
LOCK_FILES = frozenset(
    {"package-lock.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "uv.lock", "Pipfile.lock", "bun.lockb"}
)
_LANGUAGES: dict[str, SourceLanguage] = {
    ".py": "python",
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "typescript",
}
# Tests exercise every layer at once; they are not part of the application being judged.
_TEST_DIRS = frozenset({"tests", "test", "__tests__", "spec", "specs", "e2e"})
# Schema migrations legitimately carry raw SQL and their own bookkeeping.
MIGRATION_DIRS = frozenset({"migrations", "alembic", "seeders", "seeds"})
# Non-source files kept for evidence: manifests and configuration, not prose (a README may name anything).
_CONFIG_SUFFIXES = (".toml", ".json", ".yaml", ".yml", ".cfg", ".ini", ".env", ".sh")
# Larger files are generated or vendored, not written for the task.
_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class SourceFile:
    path: Path
    rel: str  # POSIX path relative to the workspace root
    language: SourceLanguage
    text: str

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.rel).parts

    @property
    def is_python(self) -> bool:
        return self.language == "python"

    @property
    def in_migrations(self) -> bool:
        return any(part.lower() in MIGRATION_DIRS for part in self.parts[:-1])


@dataclass
class Workspace:
    root: Path
    sources: list[SourceFile] = field(default_factory=list)
    # Other text files by relative path (manifests, env files, settings), for dependency and URL evidence.
    others: dict[str, str] = field(default_factory=dict)

    def for_language(self, language: str) -> list[SourceFile]:
        """Sources of the task's language: Python, or JavaScript and TypeScript for Node."""
        if language == "python":
            return [source for source in self.sources if source.is_python]
        return [source for source in self.sources if not source.is_python]

    @cached_property
    def by_rel(self) -> dict[str, SourceFile]:
        return {source.rel: source for source in self.sources}


def is_test_file(rel: str) -> bool:
    path = PurePosixPath(rel)
    if any(part.lower() in _TEST_DIRS for part in path.parts[:-1]):
        return True
    name = path.name.lower()
    return (
        name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
        or any(marker in name for marker in (".test.", ".spec."))
    )


def _skipped_dir(name: str) -> bool:
    return name in SKIP_DIRS or name.startswith(".")


def _skipped_file(name: str) -> bool:
    return name in LOCK_FILES or name.lower().endswith(SKIP_SUFFIXES)


def _is_config(name: str, folder: str = "") -> bool:
    lower = name.lower()
    if lower.endswith((".txt", ".in")) and (lower.startswith("requirements") or "requirements" in folder.lower()):
        return True  # requirements.txt, requirements-dev.in, requirements/prod.txt
    return (
        lower.endswith(_CONFIG_SUFFIXES) or lower.startswith(".env") or lower in ("dockerfile", "procfile", "pipfile")
    )


def scan(root: Path) -> Workspace:
    """Read the application's sources and top-level text files under `root` (test files are left out)."""
    root = root.resolve()
    workspace = Workspace(root=root)
    for folder, dirs, files in os.walk(root):
        # A virtualenv under any name is recognised by its marker file.
        dirs[:] = sorted(d for d in dirs if not _skipped_dir(d) and not (Path(folder) / d / "pyvenv.cfg").exists())
        for name in sorted(files):
            language = _LANGUAGES.get(Path(name).suffix.lower())
            if _skipped_file(name) or (language is None and not _is_config(name, Path(folder).name)):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            try:
                if path.stat().st_size > _MAX_BYTES:
                    continue
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if language is None:
                workspace.others[rel] = text
            elif not is_test_file(rel):
                workspace.sources.append(SourceFile(path=path, rel=rel, language=language, text=text))
    return workspace
