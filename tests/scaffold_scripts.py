"""Scripts for the fake model server that make a scaffold write a tiny real backend, then finish."""

from __future__ import annotations

import json
from pathlib import Path

# A stdlib HTTP server answering every GET with 200 (the health check included), on $PORT.
APP = (
    "import http.server, json, os\n"
    "class H(http.server.BaseHTTPRequestHandler):\n"
    "    def log_message(self, *a):\n"
    "        pass\n"
    "    def do_GET(self):\n"
    "        b = json.dumps({'tags': []}).encode()\n"
    "        self.send_response(200); self.send_header('Content-Type', 'application/json')\n"
    "        self.send_header('Content-Length', str(len(b))); self.end_headers(); self.wfile.write(b)\n"
    "http.server.ThreadingHTTPServer(('0.0.0.0', int(os.environ.get('PORT', 8080))), H).serve_forever()\n"
)
WRITE_APP = (
    f"cat > app.py <<'PYEOF'\n{APP}PYEOF\nprintf 'exec python app.py\\n' > run.sh && touch requirements.txt"
    " && mkdir -p node_modules/left && echo junk > node_modules/left/index.js && echo db > local.sqlite3"
)


def write_fake_script(path: Path, finish: dict, shell: str = "bash", **shell_arguments: str) -> Path:
    """Turn 1 writes the app (and junk the diff must leave out) through the scaffold's `shell` tool, turn 2 is
    `finish` (the scaffold's own way of ending)."""
    call = {"name": shell, "arguments": {"command": WRITE_APP, **shell_arguments}}
    lines = [
        {"content": "Writing the server.", "tool_calls": [call],
         "prompt_tokens": 1000, "completion_tokens": 50},
        {"content": "Done.", **finish, "prompt_tokens": 1200, "completion_tokens": 10},
    ]  # fmt: skip
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    return path


MINI_FINISH = {"tool_calls": [{"name": "bash", "arguments": {"command": "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT"}}]}
# OpenHands' shell is its terminal tool, whose calls must state a security risk.
OPENHANDS_SHELL = {"shell": "terminal", "security_risk": "LOW"}
OPENHANDS_FINISH = {"tool_calls": [{"name": "finish", "arguments": {"message": "done"}}]}
CAGENT_FINISH = {"tool_calls": [{"name": "submit", "arguments": {"summary": "a tiny server"}}]}
