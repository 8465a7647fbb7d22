"""`cagent fake-llm SCRIPT --port N`: serve a scripted OpenAI-compatible model until interrupted."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agent.console import console, fail
from evals.fake_llm.script import ScriptError, load_fake_script
from evals.fake_llm.server import FakeLLMServer


def fake_llm_command(
    script: Annotated[Path, typer.Argument(help="JSONL script: one assistant turn per line (as scripted:FILE)")],
    port: Annotated[int, typer.Option(help="port to listen on (0: any free port, printed)")] = 8000,
    host: Annotated[str, typer.Option(help="address to bind")] = "127.0.0.1",
    mode: Annotated[str, typer.Option(help="history (turn = assistant messages so far) or sequential")] = "history",
    log: Annotated[Path | None, typer.Option(help="append one JSON line per request here")] = None,
) -> None:
    """Answer /v1/chat/completions from a script, with tool calls and usage; /v1/models lists one model."""
    if mode not in ("history", "sequential"):
        raise fail(f"--mode {mode}: choose history or sequential")
    if not 0 <= port < 65536:
        raise fail(f"--port {port}: not a port number")
    try:
        loaded = load_fake_script(script)
        server = FakeLLMServer(loaded, host=host, port=port, mode=mode, log=log)  # type: ignore[arg-type]
    except ScriptError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:
        raise fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    serving = f"fake-llm: {len(loaded.turns)} turns from {script} at {server.base_url}"
    console.print(serving, highlight=False, soft_wrap=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        console.print(f"fake-llm: stopped after {len(server.requests)} requests", highlight=False)
    finally:
        server.stop()
