"""What the tail of an agent's trajectory says: did it loop, did it submit, did it stop half-way."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from evals.classify.record import FailureRecord, Turn

_BASH_BLOCK = re.compile(r"```(?:bash|sh)?\s*\n(.*?)```", re.DOTALL)
_SUBMIT = re.compile(r"COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT|MINI_SWE_AGENT_FINAL_OUTPUT|\"name\":\s*\"submit\"")
_UNFINISHED = re.compile(
    r"\bTODO\b|not (?:yet )?implemented|remaining (?:endpoints|routes|features)|for brevity|placeholder|"
    r"\bstub(?:bed|s)?\b|left as an exercise|simplified version",
    re.IGNORECASE,
)
_SECRET = re.compile(r"(eyJ[\w-]+\.[\w-]+\.[\w-]+|[0-9a-f]{8}-[0-9a-f-]{27,})")
# Exit statuses meaning the agent did not finish on its own.
STOPPED_EARLY = frozenset({"budget_exhausted", "step_limit", "cost_limit", "timeout", "context_overflow", "error"})
LOOP_WINDOW = 10
LOOP_MIN_REPEATS = 4


@dataclass
class TrajectoryFacts:
    actions: list[str] = field(default_factory=list)
    loop_action: str | None = None
    loop_repeats: int = 0
    submitted: bool | None = None  # None when the record says nothing either way
    unfinished_notes: list[str] = field(default_factory=list)

    @property
    def looping(self) -> bool:
        return self.loop_action is not None


def _action(turn: Turn) -> str | None:
    blocks = _BASH_BLOCK.findall(turn.content)
    text = "\n".join(blocks) if blocks else turn.content
    # Tokens and ids change between otherwise identical commands; a loop is about the command.
    text = _SECRET.sub("<id>", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def _loop(actions: list[str]) -> tuple[str | None, int]:
    """The action repeated most in the last window, when it repeats enough to be a loop."""
    window = actions[-LOOP_WINDOW:]
    if not window:
        return None, 0
    action, count = Counter(window).most_common(1)[0]
    if count >= LOOP_MIN_REPEATS and count * 2 >= len(window):
        return action, count
    # A short cycle (A B A B A B, A B C A B C A B C) is a loop too.
    for period in (2, 3):
        tail = window[-period * 3 :]
        if len(tail) == period * 3 and all(tail[i] == tail[i % period] for i in range(len(tail))):
            return " / ".join(tail[:period]), 3
    return None, 0


def trajectory_facts(record: FailureRecord) -> TrajectoryFacts:
    turns = record.trajectory
    acting = [t for t in turns if t.role in {"assistant", ""}]
    actions = [a for a in (_action(t) for t in acting) if a]
    loop_action, repeats = _loop(actions)
    if record.exit_status is not None:
        submitted: bool | None = record.exit_status == "submitted"
    elif turns:
        submitted = any(_SUBMIT.search(t.content) for t in acting[-2:])
    else:
        submitted = None
    notes = [m.group(0) for t in acting[-3:] for m in _UNFINISHED.finditer(t.content)]
    return TrajectoryFacts(actions, loop_action, repeats, submitted, notes)


def stopped_early(record: FailureRecord, facts: TrajectoryFacts) -> bool:
    """The session ended before the agent was done: a limit, an error, or a tail saying work remains."""
    return (record.exit_status in STOPPED_EARLY) or bool(facts.unfinished_notes)
