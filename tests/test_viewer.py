"""`cagent show`: the HTML page of a real scored run, the terminal view, and several runs side by side."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from agent.viewer.ansi import ansi_to_html, strip_ansi
from agent.viewer.record import split_diff
from tests.agent_cli_runs import assert_one_line_error, cagent
from tests.agent_scripts import bash, call, turn, write_script
from tests.tiny_apps import SERVER

LONG = {"user": {"email": "a" * 300 + "@mail.com", "token": "t" * 400}}


@pytest.fixture(scope="module")
def scored_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scripted run (a thought, coloured output, a long JSON argument, a file written) scored by cagent eval."""
    folder = tmp_path_factory.mktemp("viewer")
    app = SERVER.format(prelude="", on_get="pass", host="0.0.0.0", port='int(os.environ["PORT"])')
    script = write_script(
        folder / "s.jsonl",
        [
            turn(bash("printf '\\033[31mred alert\\033[0m plain\\n'"), content="Look at the colours first."),
            turn(call("editor", {"command": "create", "path": "app.py", "file_text": app})),
            turn(call("editor", {"command": "create", "path": "run.sh", "file_text": "exec python3 app.py\n"})),
            turn(call("http", {"method": "POST", "path": "/api/users", "body": json.dumps(LONG)})),
            turn(call("submit", {"summary": "a server"})),
        ],
    )
    task = folder / "task.md"
    task.write_text("Build a Conduit server in Flask.")
    run = folder / "run"
    done = cagent("solve", "--task-file", str(task), "--framework", "flask", "--model", f"scripted:{script}",
                  "--workdir", str(run), "--quiet", env={"CAGENT_MITIGATIONS": "none"})  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert cagent("eval", str(run), "--db", "sqlite", "--quiet").returncode == 0
    return run


def test_the_page_holds_prompts_constraints_score_diff_and_steps(scored_run: Path, tmp_path: Path) -> None:
    page = tmp_path / "run.html"
    done = cagent("show", str(scored_run), "--html", str(page))
    assert done.returncode == 0, done.stderr
    text = page.read_text()
    assert re.search(r"<details><summary>system prompt \(\d+ lines\)</summary>", text)
    assert re.search(r"<summary>task prompt \(\d+ lines\)</summary><pre>Build a Conduit server in Flask.", text)
    assert "<tr><th>framework</th><td>flask</td></tr>" in text and "mitigations  on: none" in text
    assert "<h2>Final diff <small>2 files changed, +" in text
    assert re.search(r"<details class='file'><summary><code>app.py</code> <span class='muted'>added</span>", text)
    assert "<h3>Compliance</h3>" in text and "<span class='badge fail'>FAIL A% " in text
    assert "framework" in text and "violated" in text  # Flask was required and is not there
    for index in range(1, 6):
        assert f"id='step-{index}'" in text and f"data-step='{index}'" in text
    assert "tokens 10+0 · $0.0000 · " in text
    assert '<span class="ansi-red">red alert</span> plain' in text and "\x1b" not in text
    assert "t" * 400 in text and "overflow-wrap:anywhere" in text  # long JSON is kept whole and wraps
    assert "id='search'" in text
    # The one script runs by its hash; nothing else could.
    script = re.search(r"<script>(.*?)</script>", text, re.S)
    assert script is not None and text.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(script.group(1).encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in text and "default-src 'none'" in text


def test_the_terminal_view_has_the_score_and_the_colours_without_escape_codes(scored_run: Path) -> None:
    done = cagent("show", str(scored_run))
    assert done.returncode == 0, done.stderr
    assert "FAIL  " in done.stdout and "not compliant" in done.stdout
    assert "added     +" in done.stdout and "app.py" in done.stdout
    assert "red alert plain" in done.stdout and "\x1b" not in done.stdout and "\\x1b" not in done.stdout
    assert "step 1  tokens 10+0" in done.stdout


def test_runs_side_by_side_from_names_or_a_bench_directory(scored_run: Path, tmp_path: Path) -> None:
    bench = tmp_path / "bench"
    shutil.copytree(scored_run, bench / "scored")
    shutil.copytree(scored_run, bench / "unscored", ignore=shutil.ignore_patterns("eval.json", "workspace"))
    done = cagent("show", str(bench / "scored"), str(bench / "unscored"))
    assert done.returncode == 0, done.stderr
    assert "2 runs" in done.stdout and "strict A%" in done.stdout
    scored_row = next(line for line in done.stdout.splitlines() if line.startswith("│ scored "))
    unscored_row = next(line for line in done.stdout.splitlines() if line.startswith("│ unscored "))
    assert " 0.0 " in scored_row and " no " in scored_row  # strict A% 0, not compliant
    assert unscored_row.count(" - ") >= 3
    page = tmp_path / "bench.html"
    assert cagent("show", str(bench), "--html", str(page)).returncode == 0
    text = page.read_text()
    assert "2 runs side by side" in text and text.count("<tr><td>") == 2 and "not scored" in text
    assert_one_line_error(cagent("show", str(tmp_path / "missing")), "no such trajectory")


def test_ansi_codes_are_rendered_or_stripped_never_shown() -> None:
    coloured = "\x1b[1;32mok\x1b[0m \x1b[38;5;200mpink\x1b[39m \x1b]0;title\x07<tag>\x1b[K done"
    assert strip_ansi(coloured) == "ok pink <tag> done"
    assert strip_ansi("npm  10%\r npm 100%\r\nnext") == " npm 100%\nnext"  # what the terminal showed last
    rendered = ansi_to_html(coloured)
    assert '<span class="ansi-bold ansi-green">ok</span>' in rendered and "&lt;tag&gt;" in rendered
    assert "\x1b" not in rendered and "title" not in rendered and "pink" in rendered
    assert ansi_to_html("print('\\x1b[31m')") == "print(&#x27;\\x1b[31m&#x27;)"  # spelt out, not an escape


def test_a_diff_is_split_per_file_with_its_counts() -> None:
    text = (
        "diff --git a/app.py b/app.py\nnew file mode 100644\n--- /dev/null\n+++ b/app.py\n@@ -0,0 +1,2 @@\n+a\n+b\n"
        "diff --git a/old.txt b/old.txt\ndeleted file mode 100644\n--- a/old.txt\n+++ /dev/null\n@@ -1 +0,0 @@\n-x\n"
        "diff --git a/x.py b/y.py\nsimilarity index 90%\nrename from x.py\nrename to y.py\n"
    )
    files = split_diff(text)
    assert [(f.path, f.status, f.added, f.removed) for f in files] == [
        ("app.py", "added", 2, 0), ("old.txt", "deleted", 0, 1), ("y.py", "renamed", 0, 0)
    ]  # fmt: skip
