"""The stated context window: `--context-window` / `context_window:` reach the model, Ollama gets num_ctx.

An Ollama-style server (`/api/chat`, `/api/generate`) records what litellm's real HTTP path sends it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from agent.models.base import DEFAULT_CONTEXT_TOKENS
from agent.models.litellm_model import LitellmModel
from agent.trajectory import load_trajectory
from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.litellm_calls import record_completions
from tests.quiet_handler import QuietHandler

HELLO = [{"role": "user", "content": "Say hi."}]


class _OllamaServer(QuietHandler):
    bodies: list[dict[str, Any]]

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/api/show":  # litellm asks about the model; this server knows none, as for a new tag
            return self._send(404, b'{"error": "model not found"}')
        self.bodies.append(body)
        done = {"model": body["model"], "created_at": "2026-01-01T00:00:00Z", "done": True}
        done |= {"prompt_eval_count": 10, "eval_count": 2}
        if self.path == "/api/generate":
            answer = {**done, "response": "hi"}
        elif body.get("tools"):  # the agent's first turn: submit at once
            call = {"function": {"name": "submit", "arguments": {"summary": "done"}}}
            answer = {**done, "message": {"role": "assistant", "content": "", "tool_calls": [call]}}
        else:
            answer = {**done, "message": {"role": "assistant", "content": "hi"}}
        self._send(200, json.dumps(answer).encode())


@pytest.fixture
def ollama() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """The server's URL and the request bodies it received."""
    bodies: list[dict[str, Any]] = []
    handler = type("Handler", (_OllamaServer,), {"bodies": bodies})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", bodies
    finally:
        server.shutdown()
        server.server_close()


def test_ollama_chat_gets_num_ctx_from_the_stated_window(ollama: tuple[str, list[dict[str, Any]]]) -> None:
    url, bodies = ollama
    model = LitellmModel("ollama_chat/qwen-ctx-test", api_base=url, context_window=25_000, max_retries=0)
    assert model.complete(HELLO, []).content == "hi"
    assert [b["options"]["num_ctx"] for b in bodies] == [25_000]


def test_ollama_without_a_stated_window_gets_the_window_the_history_is_condensed_to(
    ollama: tuple[str, list[dict[str, Any]]],
) -> None:
    url, bodies = ollama
    model = LitellmModel("ollama/qwen-ctx-test", api_base=url, max_retries=0)
    assert model.context_window is None and model.complete(HELLO, []).content == "hi"
    assert [b["options"]["num_ctx"] for b in bodies] == [DEFAULT_CONTEXT_TOKENS]


def test_other_providers_get_no_num_ctx(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = record_completions(monkeypatch)
    LitellmModel("openai/qwen-ctx-test", context_window=25_000, extra={"mock_response": "hi"}).complete(HELLO, [])
    assert len(calls) == 1 and "num_ctx" not in calls[0]


def _task(tmp_path: Path) -> Path:
    task = tmp_path / "task.md"
    task.write_text("Say hi.")
    return task


def test_solve_states_the_window_to_an_ollama_server(tmp_path: Path, ollama: tuple[str, list[dict[str, Any]]]) -> None:
    url, bodies = ollama
    run = tmp_path / "run"
    done = cagent(
        "solve", "--task-file", str(_task(tmp_path)), "--model", "ollama_chat/qwen-ctx-test,max_retries=0",
        "--api-base", url, "--workdir", str(run), "--context-window", "25000", "--quiet",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert bodies and {b["options"]["num_ctx"] for b in bodies} == {25_000}
    trajectory = load_trajectory(run / "trajectory.json")
    assert trajectory.status == "submitted" and trajectory.configuration.model.context_window == 25_000


def test_spec_context_window_reaches_the_model_and_the_flag_overrides_it(
    tmp_path: Path, ollama: tuple[str, list[dict[str, Any]]]
) -> None:
    url, bodies = ollama
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "name: ctx\nframework: flask\nmodel: ollama_chat/qwen-ctx-test,max_retries=0\ncontext_window: 16000\n"
        "mitigations: {plan: false, retrieval: false, schema: false, verifier: false}\n"  # the window alone
    )
    first = cagent("solve", str(spec), "--api-base", url, "--workdir", str(tmp_path / "a"), "--quiet")
    assert first.returncode == 0, first.stdout + first.stderr
    assert {b["options"]["num_ctx"] for b in bodies} == {16_000}
    bodies.clear()
    second = cagent(
        "solve", str(spec), "--api-base", url, "--workdir", str(tmp_path / "b"), "--context-window", "9000", "--quiet"
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert {b["options"]["num_ctx"] for b in bodies} == {9_000}


def test_a_window_that_is_not_positive_is_one_line(tmp_path: Path) -> None:
    base = ["solve", "--task-file", str(_task(tmp_path)), "--model", "scripted:none.jsonl", "--workdir", str(tmp_path)]
    assert_one_line_error(cagent(*base, "--context-window", "0"), "--context-window")
    spec = tmp_path / "spec.yaml"
    spec.write_text("name: ctx\nframework: flask\ncontext_window: -5\n")
    assert_one_line_error(cagent("solve", str(spec)), "context_window")
