"""Feature tasks (a reference with one feature removed by a generated patch) and imported tasks run their own way."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from evals.bench.matrix import NO_CONFIG, PlannedRun, RunKey
from evals.bench.run_one import RunSettings, RunSpec, execute_run
from evals.references import reference_path
from evals.runner import EvalOptions, evaluate
from evals.scaffolds.base import ScaffoldLimits
from evals.scaffolds.workspace import prepare_workspace
from evals.suites.postman_v1.requests import REQUESTS
from evals.suites.registry import load_suite
from evals.tasks import select_tasks
from evals.tasks.feature import FEATURES, feature_of
from evals.tasks.feature_check import check_feature_task, lost_requests
from evals.tasks.feature_flask import REMOVALS
from evals.tasks.feature_patch import Removal, RemovalError, removal_patch
from evals.tasks.published import load_task_file
from tests.mounted_reference import MOUNTED
from tools.apps import AppLimits
from tools.apps.task_start import ApiBaseTransport, normal_api_base
from tools.isolation.mode import resolve_isolation
from tools.procs.ports import free_port

FLASK = "flask-clean_architecture-sqlalchemy-feature"


def _names(indexes: set[int]) -> list[str]:
    return [REQUESTS[i - 1].name for i in sorted(indexes)]


def test_feature_tasks_are_listed_with_the_reference_stack() -> None:
    done = subprocess.run([str(Path(sys.executable).parent / "cagent"), "tasks", "list", "--kind", "feature", "--json"],
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {row["name"]: row for row in json.loads(done.stdout)}
    for feature in FEATURES:
        row = rows[f"{FLASK}-{feature}"]
        assert row == {"name": f"{FLASK}-{feature}", "kind": "feature", "level": 2, "framework": "flask",
                       "constraints": ["clean_architecture", "sqlalchemy"]}  # fmt: skip
    (task,) = select_tasks(f"name={FLASK}-profiles")
    assert "no support for profiles and following" in task.prompt and "Clean Architecture" in task.prompt
    assert task.repo == reference_path() and feature_of(task) is FEATURES["profiles"]


def test_each_patch_applies_to_its_reference_and_removes_only_the_feature(tmp_path: Path) -> None:
    isolation = resolve_isolation("none")
    for task in select_tasks(f"kind=feature name={FLASK}-*"):
        workspace = tmp_path / task.name
        prepare_workspace(task, workspace, isolation)
        removal = REMOVALS[task.name.rpartition("-feature-")[2]]
        assert all(not (workspace / path).exists() for path in removal.delete)
        assert (workspace / "app/routes/users.py").is_file() and (workspace / "run.sh").is_file()
        registered = (workspace / "app/routes/__init__.py").read_text()
        assert "users_blueprint," in registered and all(line not in registered for _, line in removal.drop_lines)


def test_a_removal_that_no_longer_fits_its_reference_is_an_error() -> None:
    with pytest.raises(RemovalError, match="no line 'comment_routes,'"):
        removal_patch(reference_path(), Removal(delete=(), drop_lines=(("app/routes/__init__.py", "comment_routes,"),)))
    with pytest.raises(RemovalError, match=r"app/routes/gone\.py: not in the reference"):
        removal_patch(reference_path(), Removal(delete=("app/routes/gone.py",)))


def test_lost_requests_are_the_features_routes_and_what_needs_their_captures() -> None:
    assert _names(lost_requests(FEATURES["comments"].routes)) == [
        "Create Comment for Article", "All Comments for Article", "All Comments for Article without login",
        "Delete Comment for Article",
    ]  # fmt: skip
    assert _names(lost_requests(FEATURES["profiles"].routes)) == ["Profile", "Follow Profile", "Unfollow Profile"]
    # Without articles the comment requests have no slug: lost, though the comment routes are still there.
    articles = lost_requests(FEATURES["articles-tags"].routes)
    assert lost_requests(FEATURES["comments"].routes) < articles
    assert articles == lost_requests(FEATURES["articles-tags-comments"].routes)
    kept = [spec.name for i, spec in enumerate(REQUESTS, start=1) if i not in articles]
    assert kept == ["Register", "Login", "Login and Remember Token", "Current User", "Update User",
                    "Register Celeb", "Profile", "Follow Profile", "Unfollow Profile"]  # fmt: skip


@pytest.mark.parametrize("feature", ["comments", "articles-tags"])
def test_the_patched_reference_loses_exactly_the_features_requests(feature: str, sqlite, tmp_path: Path) -> None:
    (task,) = select_tasks(f"name={FLASK}-{feature}")
    options = EvalOptions(limits=AppLimits(startup_s=60.0, stop_grace_s=1.0))
    check, _ = check_feature_task(task, tmp_path, sqlite, options)
    assert check.started and check.full_failing == []
    assert check.differing == check.expected_lost == sorted(lost_requests(FEATURES[feature].routes))


_SERVER = """import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status = 200 if self.path == "/api/health-check" else 404
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_GET

    def log_message(self, *args):
        return None  # quiet: the test reads the responses, not the request log


ThreadingHTTPServer(("0.0.0.0", int(sys.argv[sys.argv.index("--port") + 1])), Handler).serve_forever()
"""


def _published_task(tmp_path: Path, port: int):
    """A task file in the published format whose app has no run.sh and listens where its run command says."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "server.py").write_text(_SERVER)
    meta = {"repoUrl": str(repo), "setupCmds": [], "runCmds": ["test -f server.py", f"python3 server.py --port {port}"],
            "port": port, "baseUrl": "/api", "healthcheckEndpoint": "/api/health-check"}  # fmt: skip
    document = {"name": "flask-own-port", "description": "", "prompt": "Restore it.", "dockerFolder": "flask",
                "patch": None, "repoMetadata": meta, "taskMetadata": None}  # fmt: skip
    (tmp_path / "flask-own-port.json").write_text(json.dumps(document))
    return load_task_file(tmp_path / "flask-own-port.json")


def test_an_imported_task_is_scored_with_its_run_commands_on_its_port(tmp_path: Path) -> None:
    port = free_port()
    task = _published_task(tmp_path, port)
    workspace = tmp_path / "workspace"
    prepare_workspace(task, workspace, resolve_isolation("none"))
    options = EvalOptions(limits=AppLimits(startup_s=30.0, stop_grace_s=1.0), run_cmds=task.run_cmds, port=task.port)
    result = evaluate(workspace, [load_suite("postman-v1")], None, options)
    assert result.startup.ok and result.startup.port == port and result.startup.notes == []
    assert result.startup.command == ["bash", "-c", f"test -f server.py && python3 server.py --port {port}"]
    register = result.suites[0].requests[0]
    assert register.status == 404 and register.transport_failure is None  # answered by the task's own server
    with socket.socket() as taken:  # the fixed port held by someone else: an infrastructure fault, not the app's
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # past the last run's TIME_WAIT
        taken.bind(("127.0.0.1", port))
        taken.listen()
        blocked = evaluate(workspace, [load_suite("postman-v1")], None, options)
    assert blocked.fault == "infra" and blocked.startup.reason == "port_in_use" and not blocked.startup.ok


def test_an_imported_tasks_setup_commands_run_before_its_run_commands(tmp_path: Path) -> None:
    """As published: `uv pip install --system ...` is the harness's install; `chmod +x run.sh` still runs."""
    port = free_port()
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "server.py").write_text(_SERVER.replace('"/api/health-check"', '"/api/ping"'))  # its own health check
    (repo / "requirements.txt").write_text("")
    (repo / "run.sh").write_text(f"#!/bin/sh\nexec python3 server.py --port {port}\n")  # not executable
    meta = {"repoUrl": str(repo), "runCmds": ["./run.sh"], "port": port, "healthcheckEndpoint": "/api/ping",
            "setupCmds": ["uv pip install --system -r requirements.txt", "chmod +x run.sh"]}  # fmt: skip
    document = {"name": "flask-published-setup", "prompt": "Build it.", "dockerFolder": "flask", "repoMetadata": meta}
    (tmp_path / "task.json").write_text(json.dumps(document))
    task = load_task_file(tmp_path / "task.json")
    workspace = tmp_path / "workspace"
    prepare_workspace(task, workspace, resolve_isolation("none"))
    assert not (workspace / "run.sh").stat().st_mode & 0o111
    options = EvalOptions(limits=AppLimits(startup_s=30.0, stop_grace_s=1.0), run_cmds=task.run_cmds, port=task.port,
                          setup_cmds=task.setup_cmds, health_path=task.health_check)  # fmt: skip
    result = evaluate(workspace, [load_suite("postman-v1")], None, options)
    assert result.startup.command == ["bash", "-c", "chmod +x run.sh && ./run.sh"]
    assert result.startup.ok and result.startup.port == port
    assert result.startup.health_status == 200, result.startup.notes  # its own health check, /api/ping


def test_a_task_at_another_base_url_is_scored_there(tmp_path: Path) -> None:
    """The Flask reference mounted under /conduit (its API at /conduit/api, nothing at /api): full marks on
    every suite through the bench's own path, as its task file's baseUrl says."""
    repo = tmp_path / "repo"
    shutil.copytree(reference_path("flask-clean-sqlalchemy"), repo, ignore=shutil.ignore_patterns("__pycache__"))
    (repo / "mounted.py").write_text(MOUNTED)
    port = free_port()
    meta = {"repoUrl": str(repo), "setupCmds": ["pip install -r requirements.txt"], "runCmds": ["python mounted.py"],
            "port": port, "baseUrl": "/conduit/api/", "healthcheckEndpoint": "/conduit/api/health-check"}  # fmt: skip
    document = {"name": "flask-mounted", "prompt": "Keep it.", "dockerFolder": "flask", "repoMetadata": meta}
    (tmp_path / "task.json").write_text(json.dumps(document))
    task = load_task_file(tmp_path / "task.json")
    key = RunKey(task=task.name, scaffold="none", model="-", config=NO_CONFIG, trial=1)
    planned = PlannedRun(key=key, task=task, scaffold="none,reference=empty", mitigations=None)
    settings = RunSettings(limits=ScaffoldLimits(steps=1, cost_usd=0.01, wall_s=60), suite="postman-v1+hurl-v2")
    result = execute_run(RunSpec(planned=planned, settings=settings, run_dir=tmp_path / "run"))
    evaluation = result["evaluation"]
    assert evaluation["startup"]["ok"] and evaluation["startup"]["port"] == port, evaluation["startup"]
    assert [(s["suite"], s["passed"] == s["total"]) for s in evaluation["suites"]] == [
        ("postman-v1", True), ("hurl-v2", True)]  # fmt: skip
    assert result["summary"]["a_pct"] == 100.0


def test_the_api_base_moves_only_the_suites_api_paths() -> None:
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.raw_path.decode())
        return httpx.Response(200)

    for base, expected in [("/v2/", ["/v2/users?x=1", "/v2", "/apiary", "/health"]),
                           ("/", ["/users?x=1", "/", "/apiary", "/health"])]:  # fmt: skip
        seen.clear()
        with httpx.Client(base_url="http://app", transport=ApiBaseTransport(httpx.MockTransport(answer), base)) as c:
            for path in ("/api/users?x=1", "/api", "/apiary", "/health"):
                c.get(path)
        assert seen == expected
    with pytest.raises(ValueError, match="must be a path"):
        normal_api_base("v2")


def test_a_task_file_with_a_base_url_that_is_not_a_path_is_refused_in_one_line(tmp_path: Path) -> None:
    from evals.tasks.published import TaskFileError

    meta = {"runCmds": ["./run.sh"], "port": 8080, "baseUrl": "http://elsewhere/api"}
    document = {"name": "flask-elsewhere", "prompt": "Build it.", "dockerFolder": "uv", "repoMetadata": meta}
    (tmp_path / "task.json").write_text(json.dumps(document))
    with pytest.raises(TaskFileError, match=r"repoMetadata\.baseUrl"):
        load_task_file(tmp_path / "task.json")
