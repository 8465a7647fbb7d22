"""--isolation on the command line: bad values and a missing bubblewrap are one line; auto falls back with
one warning; the isolation used is recorded in the result."""

from __future__ import annotations

import json
from pathlib import Path

from tests.agent_cli_runs import assert_one_line_error, cagent, path_without
from tests.tiny_apps import write_app


def test_an_unknown_isolation_is_one_line(tmp_path: Path) -> None:
    done = cagent("eval", str(write_app(tmp_path / "ws")), "--db", "none", "--isolation", "chroot")
    assert_one_line_error(done, "unknown isolation 'chroot'")


def test_required_bubblewrap_that_is_missing_is_one_line(tmp_path: Path) -> None:
    done = cagent(
        "eval", str(write_app(tmp_path / "ws")), "--db", "none", "--isolation", "bwrap",
        env={"PATH": path_without("bwrap", tmp_path)},
    )  # fmt: skip
    assert_one_line_error(done, "bubblewrap")


def test_auto_without_bubblewrap_warns_once_and_records_it(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    done = cagent(
        "eval", str(write_app(tmp_path / "ws")), "--db", "none", "--quiet", "--json", str(out),
        env={"PATH": path_without("bwrap", tmp_path), "CAGENT_ISOLATION": None},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "without isolation" in line]
    assert len(warnings) == 1 and "bwrap not found" in warnings[0]
    result = json.loads(out.read_text())
    assert (result["isolation"], result["isolation_requested"]) == ("none", "auto")


def test_the_environment_variable_chooses_too(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    done = cagent(
        "eval", str(write_app(tmp_path / "ws")), "--db", "none", "--quiet", "--json", str(out),
        env={"CAGENT_ISOLATION": "none"},
    )  # fmt: skip
    assert done.returncode == 0 and "without isolation" not in done.stderr
    assert json.loads(out.read_text())["isolation"] == "none"
