"""The node_modules cache: a dependency that "compiles" at install time builds once per manifest, lock and Node.

The dependency is a real npm package tarball whose install script stands for a native build (it writes a
build product and counts its runs), installed by the real npm, offline.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from evals.runner import EvalOptions, evaluate
from evals.suites.registry import load_suite
from tools.apps import node_cache
from tools.apps.install import install_dependencies

pytestmark = pytest.mark.skipif(shutil.which("npm") is None, reason="npm is not installed")

BUILD = """
const fs = require('fs');
fs.mkdirSync('build/Release', {recursive: true});
fs.writeFileSync('build/Release/native.txt', 'built');
fs.appendFileSync(%s, 'x');
"""
SERVER = """
const http = require('http');
const built = require('native-dep');
http.createServer((req, res) => {
  const ok = req.url === '/api/health-check';
  res.writeHead(ok ? 200 : 404, {'Content-Type': 'application/json'});
  res.end(JSON.stringify(ok ? {status: built} : {errors: {body: ['not found']}}));
}).listen(Number(process.env.PORT || 3000), '0.0.0.0');
"""


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tarball `native-dep` whose install step counts its runs in `builds.txt`; caches under tmp_path."""
    monkeypatch.setenv("CAGENT_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "native-dep"
    source.mkdir()
    manifest = {"name": "native-dep", "version": "1.0.0", "main": "index.js", "scripts": {"install": "node build.js"}}
    (source / "package.json").write_text(json.dumps(manifest))
    (source / "build.js").write_text(BUILD % json.dumps(str(tmp_path / "builds.txt")))
    (source / "index.js").write_text(
        "module.exports = require('fs').readFileSync(__dirname + '/build/Release/native.txt', 'utf8');\n"
    )
    (tmp_path / "pkg").mkdir()
    subprocess.run(["npm", "pack", "--silent", str(source)], cwd=tmp_path / "pkg", check=True, capture_output=True)
    return tmp_path / "pkg" / "native-dep-1.0.0.tgz"


def _workspace(folder: Path, dependency: str = "file:../pkg/native-dep-1.0.0.tgz") -> Path:
    folder.mkdir()
    manifest = {"name": "app", "version": "1.0.0", "private": True, "dependencies": {"native-dep": dependency}}
    (folder / "package.json").write_text(json.dumps(manifest, indent=2))
    (folder / "server.js").write_text(SERVER)
    (folder / "run.sh").write_text("exec node server.js\n")
    return folder


def _builds(tmp_path: Path) -> int:
    path = tmp_path / "builds.txt"
    return len(path.read_text()) if path.exists() else 0


def test_a_second_workspace_with_the_same_manifest_reuses_the_built_tree(tmp_path: Path, package: Path) -> None:
    first = install_dependencies(_workspace(tmp_path / "a"), "node", 300)
    assert first.ok and first.cache == "miss" and first.command == "npm install", first.log_tail
    assert _builds(tmp_path) == 1
    second_workspace = _workspace(tmp_path / "b")
    second = install_dependencies(second_workspace, "node", 300)
    assert second.ok and second.cache == "hit" and second.command == "node_modules cache"
    assert _builds(tmp_path) == 1  # not built again
    built = second_workspace / "node_modules" / "native-dep" / "build" / "Release" / "native.txt"
    assert built.read_text() == "built"
    assert (second_workspace / "package-lock.json").read_bytes() == (tmp_path / "a" / "package-lock.json").read_bytes()
    loaded = subprocess.run(
        ["node", "-e", "process.stdout.write(require('native-dep'))"], cwd=second_workspace, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert loaded.stdout == "built"
    # The copy is the workspace's own: an app writing into it cannot change what later workspaces get.
    built.write_text("tampered")
    third_workspace = _workspace(tmp_path / "c")
    assert install_dependencies(third_workspace, "node", 300).cache == "hit"
    assert (third_workspace / "node_modules" / "native-dep" / "build" / "Release" / "native.txt").read_text() == "built"
    # The same workspace again: its stamp says nothing changed, so neither npm nor the cache is needed.
    assert install_dependencies(second_workspace, "node", 300).skipped
    # Without its node_modules it now holds the lock npm wrote: the same install, found under that key too.
    shutil.rmtree(second_workspace / "node_modules")
    assert install_dependencies(second_workspace, "node", 300).cache == "hit" and _builds(tmp_path) == 1


def test_another_manifest_or_node_version_is_another_entry(tmp_path: Path, package: Path) -> None:
    workspace = _workspace(tmp_path / "a")
    key = node_cache.cache_key(workspace, node="v20.20.2")
    assert key == node_cache.cache_key(workspace, node="v20.20.2")
    assert key != node_cache.cache_key(workspace, node="v22.1.0")
    (workspace / "package-lock.json").write_text("{}")
    assert key != node_cache.cache_key(workspace, node="v20.20.2")
    other = _workspace(tmp_path / "b", dependency="file:../pkg/./native-dep-1.0.0.tgz")
    assert node_cache.cache_key(other, node="v20.20.2") not in (key, None)
    assert install_dependencies(other, "node", 300).cache == "miss" and _builds(tmp_path) == 1


def test_the_cache_can_be_turned_off(tmp_path: Path, package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_dependencies(_workspace(tmp_path / "a"), "node", 300)
    monkeypatch.setenv("CAGENT_NODE_CACHE", "0")
    report = install_dependencies(_workspace(tmp_path / "b"), "node", 300)
    assert report.ok and report.cache is None and _builds(tmp_path) == 2


def test_the_evaluation_records_install_time_and_cache_hit(tmp_path: Path, package: Path) -> None:
    suites = [load_suite("postman-v1")]
    options = EvalOptions()  # boxed where bubblewrap works, as `cagent eval` runs apps
    first = evaluate(_workspace(tmp_path / "a"), suites, None, options)
    second = evaluate(_workspace(tmp_path / "b"), suites, None, options)
    assert first.startup.ok and second.startup.ok, first.startup
    assert (first.install.cache, second.install.cache) == ("miss", "hit")
    assert first.install.seconds > 0 and second.install.seconds > 0
    assert first.timings.install >= first.install.seconds - 0.001  # both rounded
    document = second.model_dump(mode="json", by_alias=True)
    assert document["install"]["cache"] == "hit" and document["install"]["seconds"] == second.install.seconds


def test_a_workspace_whose_own_package_runs_install_scripts_is_never_cached(tmp_path: Path) -> None:
    from tools.apps.node_cache import cache_key

    (tmp_path / "package.json").write_text(json.dumps({"name": "w", "scripts": {"start": "node ."}}))
    assert cache_key(tmp_path, node="v20.0.0") is not None
    (tmp_path / "package.json").write_text(json.dumps({"name": "w", "scripts": {"postinstall": "node gen.js"}}))
    assert cache_key(tmp_path, node="v20.0.0") is None, "its postinstall writes into the workspace"
    (tmp_path / "package.json").write_text("{not json")
    assert cache_key(tmp_path, node="v20.0.0") is None
