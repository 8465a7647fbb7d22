"""The documentation that ships inside a workspace's installed packages, as passages tagged with the version.

Node: each package under `node_modules` (scoped ones too, nested `node_modules` skipped), its README and
the markdown under `docs/`. Python: each distribution in the workspace's virtualenvs (`.venv`, `venv`, and
the one the harness creates for it), the long description of its METADATA and the markdown or reST
files its RECORD lists under a `docs` folder. A passage is one section (a heading and what follows),
cut to a size the model can read, so an answer quotes the version the agent really installed.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator
from email.parser import HeaderParser
from pathlib import Path

from pydantic import BaseModel

from retrieval.document import Document

MAX_FILE_BYTES = 400_000
MAX_DOC_FILES = 12  # per package, besides the README
MAX_PASSAGE_CHARS = 1800
MIN_PASSAGE_CHARS = 80
DOC_SUFFIXES = (".md", ".markdown", ".rst", ".txt")
_HEADING = re.compile(r"^(#{1,4} .+|.+\n[=\-~^]{3,})$", re.MULTILINE)


class InstalledPackage(BaseModel):
    name: str
    version: str
    language: str  # "node" | "python"
    root: str  # where it is installed, relative to the workspace when inside it


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", errors="replace")
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _relative(path: Path, workspace: Path) -> str:
    try:
        return str(path.relative_to(workspace))
    except ValueError:
        return str(path)


def split_sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) pieces of a markdown or reST document, each at most MAX_PASSAGE_CHARS long."""
    starts = [match.start() for match in _HEADING.finditer(text)]
    bounds = [0, *starts, len(text)] if not starts or starts[0] != 0 else [*starts, len(text)]
    sections: list[tuple[str, str]] = []
    for begin, end in itertools.pairwise(bounds):
        chunk = text[begin:end].strip()
        if len(chunk) < MIN_PASSAGE_CHARS:
            continue
        first, _, rest = chunk.partition("\n")
        heading = first.lstrip("#").strip() if first.startswith("#") or rest.startswith(("=", "-", "~", "^")) else ""
        for offset in range(0, len(chunk), MAX_PASSAGE_CHARS):
            sections.append((heading, chunk[offset : offset + MAX_PASSAGE_CHARS]))
    return sections


def _passages(package: InstalledPackage, files: Iterable[tuple[Path, str]], workspace: Path) -> Iterator[Document]:
    for path, text in files:
        for number, (heading, body) in enumerate(split_sections(text)):
            title = f"{package.name} {package.version}: {heading or path.name}"
            yield Document(
                id=f"{package.name}@{package.version}:{_relative(path, workspace)}#{number}",
                kind="package",
                title=title,
                text=body,
                source=_relative(path, workspace),
                languages=[package.language],
                package=package.name,
                version=package.version,
                keywords=f"{package.name} {heading}",
            )


def node_packages(workspace: Path) -> Iterator[tuple[InstalledPackage, list[Path]]]:
    modules = workspace / "node_modules"
    if not modules.is_dir():
        return
    candidates: list[Path] = []
    for entry in sorted(modules.iterdir()):
        if entry.name.startswith("@") and entry.is_dir():
            candidates.extend(sorted(child for child in entry.iterdir() if child.is_dir()))
        elif entry.is_dir() and not entry.name.startswith("."):
            candidates.append(entry)
    for directory in candidates:
        try:
            manifest = json.loads(_read(directory / "package.json") or "{}")
        except json.JSONDecodeError:
            continue
        name, version = manifest.get("name"), manifest.get("version")
        if not isinstance(name, str) or not isinstance(version, str):
            continue
        readmes = [p for p in directory.iterdir() if p.is_file() and p.name.lower().startswith("readme")]
        docs_dir = directory / "docs"
        docs = sorted(p for p in docs_dir.rglob("*") if p.suffix in DOC_SUFFIXES) if docs_dir.is_dir() else []
        root = _relative(directory, workspace)
        yield (
            InstalledPackage(name=name, version=version, language="node", root=root),
            [
                *readmes[:1],
                *docs[:MAX_DOC_FILES],
            ],
        )


def site_packages_dirs(workspace: Path, extra: Iterable[Path] = ()) -> list[Path]:
    """The site-packages folders of the workspace's virtualenvs, and of `extra` virtualenvs."""
    found: list[Path] = []
    for venv in [workspace / ".venv", workspace / "venv", *extra]:
        found.extend(sorted(venv.glob("lib/python3*/site-packages")))
    return [path for path in found if path.is_dir()]


def python_packages(site_packages: Path) -> Iterator[tuple[InstalledPackage, Path, str, list[Path]]]:
    """(package, its METADATA, long description, doc files) for each distribution in `site_packages`."""
    for info in sorted(site_packages.glob("*.dist-info")):
        metadata = _read(info / "METADATA")
        if not metadata:
            continue
        headers = HeaderParser().parsestr(metadata)
        name, version = headers.get("Name"), headers.get("Version")
        if not name or not version:
            continue
        description = headers.get_payload() if isinstance(headers.get_payload(), str) else ""
        docs: list[Path] = []
        for line in _read(info / "RECORD").splitlines():
            relative = line.split(",", 1)[0]
            parts = relative.split("/")
            if "docs" in parts[:-1] and relative.endswith(DOC_SUFFIXES) and len(docs) < MAX_DOC_FILES:
                docs.append(site_packages / relative)
        package = InstalledPackage(name=name.lower(), version=version, language="python", root=str(site_packages))
        yield package, info / "METADATA", str(description), docs


def package_documents(
    workspace: Path, extra_venvs: Iterable[Path] = ()
) -> tuple[list[InstalledPackage], list[Document]]:
    """Every installed package of `workspace` and the passages of its documentation."""
    packages: list[InstalledPackage] = []
    documents: list[Document] = []
    for package, files in node_packages(workspace):
        packages.append(package)
        documents.extend(_passages(package, ((path, _read(path)) for path in files), workspace))
    seen: set[str] = set()
    for site in site_packages_dirs(workspace, extra_venvs):
        for package, metadata, description, docs in python_packages(site):
            if package.name in seen:
                continue
            seen.add(package.name)
            packages.append(package)
            files = [(metadata, description), *((path, _read(path)) for path in docs)]
            documents.extend(_passages(package, files, workspace))
    return packages, documents


def installed_fingerprint(workspace: Path, extra_venvs: Iterable[Path] = ()) -> tuple[float, ...]:
    """Changes when packages are installed or removed: the modification times of the install folders."""
    folders = [workspace / "node_modules", *site_packages_dirs(workspace, extra_venvs)]
    stamps: list[float] = []
    for folder in folders:
        try:
            stamps.append(folder.stat().st_mtime)
        except OSError:
            stamps.append(0.0)
    return tuple(stamps)
