"""What a new user reads first: `cagent --version`, `cagent run-task --help`, and the README's two commands."""

from __future__ import annotations

import re
from importlib import metadata

from tests.agent_cli_runs import PROJECT, cagent

RUN_TASK_VARIABLES = (
    "PROMPT", "LLM_MODEL", "LLM_API_KEY", "LLM_BASE_URL", "SYSTEM_GUIDANCE", "TRAJECTORY_DIR", "CAGENT_STEPS",
    "CAGENT_COST_USD", "CAGENT_WALL_S", "CAGENT_ISOLATION", "CAGENT_MITIGATIONS", "CAGENT_CONTEXT_WINDOW",
)  # fmt: skip


def test_version_and_the_environment_run_task_reads() -> None:
    done = cagent("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"cagent {metadata.version('cagent')}"
    shown = cagent("run-task", "--help", env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    for variable in RUN_TASK_VARIABLES:
        assert re.search(rf"\b{variable}\b", shown.stdout), variable


def test_the_readme_opens_with_two_commands_that_install_newman_and_score_the_demo() -> None:
    readme = (PROJECT / "README.md").read_text()
    block = readme.split("```bash\n", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "npm ci" in block[0] and "cagent solve examples/conduit-flask-demo.yaml --force --eval" in block[0]
    assert block[1] == ".venv/bin/pytest -q"
    assert "CAGENT_SHARED_DIR" in readme and "benchmarks/classifier_agreement.py" in readme
