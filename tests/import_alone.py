"""Import every module of some packages on its own, as a fresh interpreter would, to find import circles.

    python tests/import_alone.py ROOT PACKAGE...

Each module is imported in a child forked from this process (as many at a time as there are cores),
which has imported no module of ROOT: a circle shows as the child's "partially initialized module"
error. Third-party libraries the whole project uses are imported once beforehand, so a child only pays
for the project's own modules. Prints `MODULE: error` for each module that fails to import and exits 1
if any did.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

# Imported before forking: shared by nearly every module, and no part of any circle of ours.
PRELOADED = ("pydantic", "typer", "rich.console", "rich.table", "httpx", "yaml", "jinja2", "psycopg", "tenacity")


def modules(folder: Path, dotted: str) -> Iterator[str]:
    """`dotted` and every module below it, in the package folder `folder` (folders without __init__.py are data)."""
    yield dotted
    for child in sorted(folder.iterdir()):
        if child.is_dir() and (child / "__init__.py").is_file() and child.name.isidentifier():
            yield from modules(child, f"{dotted}.{child.name}")
        elif child.suffix == ".py" and child.stem.isidentifier() and child.stem not in ("__init__", "__main__"):
            yield f"{dotted}.{child.stem}"


def start_child(name: str) -> tuple[int, int]:
    """Fork a child that imports `name`; (its pid, the pipe its error comes through)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        code = 0
        try:
            importlib.import_module(name)
        except BaseException:
            os.write(write_end, traceback.format_exc().strip().splitlines()[-1].encode())
            code = 1
        os._exit(code)
    os.close(write_end)
    return pid, read_end


def finish_child(pid: int, read_end: int) -> str | None:
    """None when the child imported its module, else the last line of its error."""
    with os.fdopen(read_end, "rb") as reader:
        message = reader.read().decode(errors="replace")
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    return None if code == 0 else message or f"exit status {code}"


def main(root: Path, packages: list[str], parallel: int) -> int:
    sys.path.insert(0, str(root))
    for library in PRELOADED:
        importlib.import_module(library)
    names = [name for package in packages for name in modules(root / package, package)]
    running: list[tuple[str, int, int]] = []
    failed = 0
    while names or running:
        while names and len(running) < parallel:
            name = names.pop(0)
            running.append((name, *start_child(name)))
        name, pid, read_end = running.pop(0)
        error = finish_child(pid, read_end)
        if error is not None:
            print(f"{name}: {error}", flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: import_alone.py ROOT PACKAGE...")
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:], parallel=os.cpu_count() or 1))
