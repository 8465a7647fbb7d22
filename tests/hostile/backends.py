"""The hostile corpus: backends of a few lines, each misbehaving in one way, written into a workspace.

Every backend answers the health check (unless its hostility is not to) and runs `on_request` for
every other request, whatever the method; `prelude` runs once before it listens.
"""

from __future__ import annotations

from pathlib import Path

SERVER = """
import http.server, json, os, signal, socket, subprocess, sys, threading, time
REQUESTS = [0]
{prelude}
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def answer(self, status=200, body=b'{{"status": "ok"}}'):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path == "/api/health-check":
            return self.answer()
        REQUESTS[0] += 1
        {on_request}
        self.answer()
    do_GET = do_POST = do_PUT = do_DELETE = handle_any
print("listening", flush=True)
http.server.ThreadingHTTPServer(("0.0.0.0", {port}), Handler).serve_forever()
"""

FORK_CHILDREN = """
for _ in range({count}):
    if os.fork() == 0:
        {child}
        os._exit(0)
"""


def write_backend(folder: Path, *, prelude: str = "", on_request: str = "pass", run_sh: str | None = None) -> Path:
    """A workspace holding app.py (the server above) and run.sh (default: exec python app.py)."""
    folder.mkdir(parents=True, exist_ok=True)
    indented = "\n        ".join(on_request.strip().splitlines())
    source = SERVER.format(prelude=prelude.strip(), on_request=indented, port='int(os.environ["PORT"])')
    (folder / "app.py").write_text(source)
    (folder / "run.sh").write_text(run_sh or "exec python3 app.py\n")
    return folder


def forking(count: int, child: str) -> str:
    """Code that forks `count` children, each running `child` (one line) and then exiting."""
    return FORK_CHILDREN.format(count=count, child=child)
