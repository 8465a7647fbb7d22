"""Models that answer from a fixed list of turns (scripted, replayed), ignoring the messages.

Resuming a run: such a model does not see the recorded history, so it is told how many of its turns
the trajectory already holds (`skip_turns`) and goes on with the next one, as the run would have.
"""

from __future__ import annotations

from agent.models.base import AssistantTurn, Message, ModelExhausted, ToolSchema


class FixedTurnsModel:
    context_window: int | None = None
    name: str
    # Shown when the turns run out; `{count}` is the number of turns there were.
    exhausted = "no turns left after {count}"

    def __init__(self, turns: list[AssistantTurn]) -> None:
        self.turns = turns
        self.position = 0
        self.requests: list[list[Message]] = []  # what the model was shown, for tests to inspect

    @property
    def remaining(self) -> int:
        return len(self.turns) - self.position

    def skip_turns(self, count: int) -> None:
        """Go past `count` turns, as a resumed run does with the turns its trajectory already holds."""
        self.position = min(self.position + max(count, 0), len(self.turns))

    def complete(self, messages: list[Message], tools: list[ToolSchema]) -> AssistantTurn:
        if self.position >= len(self.turns):
            raise ModelExhausted(f"{self.name}: {self.exhausted.format(count=len(self.turns))}")
        self.requests.append(list(messages))
        turn = self.prepare(self.turns[self.position])
        self.position += 1
        return turn

    def prepare(self, turn: AssistantTurn) -> AssistantTurn:
        """The turn as returned (a copy, so callers cannot change the list)."""
        return turn.model_copy()
