"""Tiny real HTTP apps written into a temporary workspace, each misbehaving in one chosen way."""

from __future__ import annotations

from pathlib import Path

SERVER = """
import http.server, json, os, signal, sys, time
{prelude}
class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass
    def do_GET(self):
        {on_get}
        body = json.dumps({{"status": "ok"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
print("listening", flush=True)
http.server.ThreadingHTTPServer(({host!r}, {port}), Handler).serve_forever()
"""


def write_app(
    folder: Path,
    *,
    prelude: str = "",
    on_get: str = "pass",
    host: str = "0.0.0.0",
    port: str = 'int(os.environ["PORT"])',
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(SERVER.format(prelude=prelude, on_get=on_get, host=host, port=port))
    (folder / "run.sh").write_text("exec python app.py\n")
    return folder


# Forks a grandchild in a session of its own, which outlives the app's process group unless swept.
DAEMON = """
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(600)
    os._exit(0)
"""
