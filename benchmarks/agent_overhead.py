"""Scaffold overhead of the agent runtime, and prompt tokens sent per step (printed figures, not a test).

Runs the offline demo (scripted turns that build the reference backend through real tools) twice:
1. with the default context window: per-step scaffold overhead = step wall time minus the model call
   minus the tools' own run time (what is left: parsing, dispatch, trajectory writes, condensation);
2. with a small context window, so older observations get condensed: prompt tokens sent per step,
   against run 1 as the baseline measured in the same process.

Target: scaffold overhead <= 50 ms median per step.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from agent.condense import CHARS_PER_TOKEN
from agent.models.scripted import ScriptedModel
from agent.session import run_agent
from agent.spec import load_spec
from agent.tasks import plan_from_spec
from agent.trajectory import Step

PROJECT = Path(__file__).resolve().parent.parent
DEMO = PROJECT / "examples" / "conduit-flask-demo.yaml"
SCRIPT = PROJECT / "examples" / "conduit-flask-demo.jsonl"


def run_demo(context_window: int | None) -> tuple[list[float], list[int]]:
    overheads: list[float] = []
    last = [time.perf_counter()]

    def on_step(step: Step) -> None:
        now = time.perf_counter()
        tools = sum(o.seconds for o in step.observations)
        overheads.append(max(0.0, now - last[0] - step.model_seconds - tools))
        last[0] = now

    with tempfile.TemporaryDirectory(prefix="cagent-bench-") as folder:
        spec = load_spec(DEMO, {"workdir": folder})
        model = ScriptedModel(SCRIPT)
        model.context_window = context_window
        last[0] = time.perf_counter()
        result = run_agent(plan_from_spec(spec), model, on_step=on_step)
        assert result.status == "submitted", result.reason
        tokens = [len(__import__("json").dumps(r)) // CHARS_PER_TOKEN for r in model.requests]
    # The first interval includes workspace set-up (git init, sandbox, database), not per-step work.
    return overheads[1:], tokens


def main() -> None:
    overheads, full = run_demo(context_window=None)
    _, condensed = run_demo(context_window=16_000)
    median_ms = statistics.median(overheads) * 1000
    print(
        f"scaffold overhead per step over {len(overheads)} steps: median {median_ms:.1f} ms, "
        f"max {max(overheads) * 1000:.1f} ms [target median <= 50 ms: {'met' if median_ms <= 50 else 'MISSED'}]"
    )
    print(
        f"prompt tokens sent per step (estimate, {CHARS_PER_TOKEN} chars/token), {len(full)} steps:\n"
        f"  without condensation: median {statistics.median(full):.0f}, max {max(full)}, total {sum(full)}\n"
        f"  with a 16k-token window: median {statistics.median(condensed):.0f}, max {max(condensed)}, "
        f"total {sum(condensed)}  ({sum(condensed) / sum(full):.2f}x of the baseline)"
    )


if __name__ == "__main__":
    main()
