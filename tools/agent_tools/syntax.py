"""Syntax checks run after every edit: Python by compile(), JavaScript by `node --check`, JSON by json.loads.

A check reads the text, not the file, so the same check tells whether a file was broken before an edit.
It returns the problem as text for the model, or None when the text parses (or is of a kind we do not
check, such as TypeScript, which needs the project's compiler).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

NODE_TIMEOUT_S = 15.0
_ESM = re.compile(r"^\s*(import\s*[\w{*'\"]|export\s)", re.M)


def check_syntax(path: Path, text: str, shown_as: str) -> str | None:
    suffix = path.suffix.lower()
    if suffix == ".py":
        return _python(text, shown_as)
    if suffix == ".json":
        return _json(text)
    if suffix in (".js", ".mjs", ".cjs"):
        return _javascript(path, text, shown_as)
    return None


def _python(text: str, shown_as: str) -> str | None:
    try:
        compile(text, shown_as, "exec", dont_inherit=True)
    except SyntaxError as exc:
        where = f"line {exc.lineno}" + (f", column {exc.offset}" if exc.offset else "")
        source = (exc.text or "").rstrip("\n")
        pointer = f"\n    {source}\n    {' ' * max((exc.offset or 1) - 1, 0)}^" if source.strip() else ""
        return f"{type(exc).__name__}: {exc.msg} ({where}){pointer}"
    except ValueError as exc:  # e.g. null bytes in the source
        return f"{type(exc).__name__}: {exc}"
    return None


def _json(text: str) -> str | None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
    return None


def _is_module(path: Path, text: str) -> bool:
    """How Node will load the file: .mjs, `"type": "module"` in the nearest package.json, or ESM syntax."""
    if path.suffix == ".mjs":
        return True
    if path.suffix == ".cjs":
        return False
    for folder in path.parents:
        package = folder / "package.json"
        if package.is_file():
            try:
                if json.loads(package.read_text()).get("type") == "module":
                    return True
            except (OSError, ValueError, AttributeError):
                pass
            break
    # Node's --check on a .js file with import/export passes even when it does not parse as a module.
    return bool(_ESM.search(text))


def _javascript(path: Path, text: str, shown_as: str) -> str | None:
    node = shutil.which("node")
    if node is None:
        return None
    kind = "module" if _is_module(path, text) else "commonjs"
    try:
        done = subprocess.run(
            [node, f"--input-type={kind}", "--check"],
            input=text,
            capture_output=True,
            text=True,
            timeout=NODE_TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode == 0:
        return None
    return _node_message(done.stderr or done.stdout, shown_as)


def _node_message(raw: str, shown_as: str) -> str:
    """Node's report without its stack trace and version banner, naming the file as the model knows it."""
    kept: list[str] = []
    for line in raw.replace("[stdin]", shown_as).splitlines():
        if line.strip().startswith("at ") or line.startswith("Node.js v"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()
