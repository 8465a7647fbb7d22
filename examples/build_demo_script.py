"""Writes `conduit-flask-demo.jsonl`: recorded model turns that build the reference backend through real
tool calls (the editor writes every file, bash inspects, the server tool starts it, http probes it).

The demo is a replay of scripted turns, not a model at work: it exercises the whole agent runtime
(sandbox, tools, trajectory, git, live view) offline. Regenerate after changing the reference:

    python examples/build_demo_script.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "evals" / "reference" / "flask-clean-sqlalchemy"
OUTPUT = HERE / "conduit-flask-demo.jsonl"
LAYER_ORDER = ("models", "repositories", "services", "routes", "security")


def _files() -> list[Path]:
    skipped = {"__pycache__"}
    return sorted(
        (p for p in REFERENCE.rglob("*") if p.is_file() and not skipped & set(p.parts) and p.suffix != ".pyc"),
        key=lambda p: p.relative_to(REFERENCE).as_posix(),
    )


def _group(path: Path) -> str:
    parts = path.relative_to(REFERENCE).parts
    return parts[1] if len(parts) > 2 and parts[0] == "app" else "root"


def _call(name: str, **arguments: object) -> dict[str, object]:
    return {"name": name, "arguments": arguments}


def _turn(content: str, *calls: dict[str, object]) -> dict[str, object]:
    return {"content": content, "tool_calls": list(calls)}


def turns() -> list[dict[str, object]]:
    script: list[dict[str, object]] = [
        _turn("Start by looking at the empty workspace.", _call("editor", command="view", path="."))
    ]
    groups: dict[str, list[Path]] = {}
    for path in _files():
        groups.setdefault(_group(path), []).append(path)
    order = ["root", *[g for g in LAYER_ORDER if g in groups], *sorted(set(groups) - {"root", *LAYER_ORDER})]
    for group in order:
        calls = [
            _call("editor", command="create", path=p.relative_to(REFERENCE).as_posix(), file_text=p.read_text())
            for p in groups[group]
        ]
        label = "entry point, configuration and manifests" if group == "root" else f"the {group} layer"
        script.append({"content": f"Write {label}.", "tool_calls": calls})
    user = {"username": "demo", "email": "demo@example.com", "password": "password123"}
    script += [
        _turn("Check the layout.", _call("bash", command="find . -name '*.py' | sort | head -60")),
        _turn("Start the server on a fresh database.", _call("server", action="start")),
        _turn(
            "Probe the health check and a registration.",
            _call("http", method="GET", path="/api/health-check"),
            _call("http", method="POST", path="/api/users", json={"user": user}),
        ),
        _turn("Stop the server.", _call("server", action="stop")),
        _turn("Done.", _call("submit", summary="Conduit API in Flask + SQLAlchemy, clean layers")),
    ]
    return script


def main() -> None:
    OUTPUT.write_text("".join(json.dumps(turn) + "\n" for turn in turns()))
    print(f"wrote {OUTPUT} ({len(turns())} turns)")


if __name__ == "__main__":
    main()
