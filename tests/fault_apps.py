"""Tiny servers that answer the health check, then misbehave on the API requests in one chosen way.

`misbehave` is Python run inside the request handler once the request is counted (`COUNT[0]` is the
number of API requests so far); a snippet that returns answers nothing more.
"""

from __future__ import annotations

from pathlib import Path

APP = """
import http.server, os, time
COUNT = [0]
class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *args):
        pass
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if self.path != "/api/health-check":
            COUNT[0] += 1
            {misbehave}
        body = b'{{"ok": true}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST = do_PUT = do_DELETE = answer
print("listening", flush=True)
http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), Handler).serve_forever()
"""
CRASH_AT_SIXTH = """if COUNT[0] == 6:
                print("Traceback (most recent call last):\\nMemoryError: boom", flush=True)
                os._exit(3)"""
HANG = "time.sleep(3600)"
# Answers the first request, then says the suite is under way (a file in the workspace) and hangs.
MARK_THEN_HANG = """if COUNT[0] >= 2:
                open("suite-started", "w").close()
                time.sleep(3600)"""
TRICKLE = """self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1.0)
            return"""
HOG_AT_THIRD = """if COUNT[0] == 3:
                globals()["BLOB"] = b"x" * (400 << 20)
                time.sleep(120)"""


def write_app(folder: Path, misbehave: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(APP.format(misbehave=misbehave))
    (folder / "run.sh").write_text("exec python app.py\n")
    return folder
