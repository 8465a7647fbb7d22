"""The agent loop: model turn, tool calls, observations, until `submit` or a budget runs out.

Kept small on purpose (control flow in one place); everything it records goes through the
TrajectoryRecorder after every step, so an interrupted run can be inspected or replayed.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from agent.budget import Budget
from agent.condense import CondensedNote, condensed_view, estimate_tokens
from agent.loop_config import LoopConfig
from agent.mitigations.base import ObservationHook, SubmitGate
from agent.models.base import (
    DEFAULT_CONTEXT_TOKENS,
    AssistantTurn,
    ContextWindowExceeded,
    Message,
    Model,
    ModelError,
    ModelExhausted,
    ToolCall,
)
from agent.sent_arguments import sendable_history
from agent.trajectory import Attachment, GateVerdict, Observation, RunStatus, Step, TrajectoryRecorder
from tools.agent_tools.text import cut_middle
from tools.base import Tool, ToolInputError, ToolResult, tool_schema

INTERRUPTED = "[interrupted before this call returned]"


class LoopOutcome(BaseModel):
    status: RunStatus
    reason: str
    steps: int


MalformedNote = Callable[[str], str]  # problem -> correction shown to the model
StepCallback = Callable[[Step], None]


class AgentLoop:
    def __init__(
        self,
        model: Model,
        tools: list[Tool],
        recorder: TrajectoryRecorder,
        budget: Budget,
        *,
        malformed_note: MalformedNote,
        condensed_note: CondensedNote,
        config: LoopConfig | None = None,
        on_step: StepCallback | None = None,
        observers: list[ObservationHook] | None = None,
        submit_gates: list[SubmitGate] | None = None,
        gate_rounds: int = 3,
    ) -> None:
        self.model = model
        self.tools = {tool.name: tool for tool in tools}
        self.schemas = [tool_schema(tool) for tool in tools]
        self.recorder = recorder
        self.budget = budget
        self.config = config or LoopConfig()
        self.malformed_note = malformed_note
        self.condensed_note = condensed_note
        self.on_step = on_step
        self.observers = observers or []
        self.submit_gates = submit_gates or []
        self.gate_rounds = gate_rounds
        self.attached: set[str] = set()  # each attachment's source is shown once per run
        # Failed `submit` rounds so far, over every segment of a resumed run.
        judged = [o.verification for step in recorder.trajectory.steps for o in step.observations if o.verification]
        self.failed_rounds = sum(1 for verdict in judged if not verdict.passed)

    @property
    def messages(self) -> list[Message]:
        return self.recorder.trajectory.messages

    def run(self) -> LoopOutcome:
        malformed = 0
        try:
            while True:
                totals = self.recorder.trajectory.totals
                # Steps, cost and time all count what earlier segments of a resumed run used too.
                if reason := self.budget.exceeded(totals.steps, totals.cost_usd, self.recorder.wall_s()):
                    return self._end("budget_exhausted", reason)
                step = self._step()
                malformed = malformed + 1 if step.malformed else 0
                if step.ended:
                    return self._end(step.end_status, step.ended)
                if malformed >= self.config.max_malformed:
                    return self._end("error", f"{malformed} malformed turns in a row")
        except ModelExhausted as exc:
            return self._end("error", f"model has no turns left: {exc}")
        except ModelError as exc:
            if exc.retries:
                self.recorder.note_failed_call(exc.retries)
            return self._end("error", f"{type(exc).__name__}: {exc}")
        except KeyboardInterrupt:
            self._answer_pending(INTERRUPTED)
            return self._end("interrupted", "interrupted by the user")

    def _answer_pending(self, note: str) -> None:
        """Every tool call must have an answer, or providers refuse the history when the run is resumed."""
        last = next((m for m in reversed(self.messages) if m.get("role") == "assistant"), None)
        if last is None:
            return
        answered = {m.get("tool_call_id") for m in self.messages if m.get("role") == "tool"}
        for call in last.get("tool_calls") or []:
            if call["id"] not in answered:
                self.messages.append({"role": "tool", "tool_call_id": call["id"], "content": note})

    def _end(self, status: RunStatus, reason: str) -> LoopOutcome:
        self.recorder.trajectory.status = status
        self.recorder.save()
        return LoopOutcome(status=status, reason=reason, steps=self.recorder.trajectory.totals.steps)

    def _limit_tokens(self) -> int:
        window = self.model.context_window or DEFAULT_CONTEXT_TOKENS
        return int(window * self.config.context_fraction)

    def _ask(self) -> tuple[AssistantTurn, int, bool, float]:
        """One model call, condensing the view first when needed, and harder when the model says so."""
        limit = self._limit_tokens()
        for _ in range(4):
            # the trajectory keeps malformed arguments as written; the provider gets JSON objects
            view, condensed = condensed_view(sendable_history(self.messages), limit, self.condensed_note)
            started = time.monotonic()
            try:
                turn = self.model.complete(view, self.schemas)
            except ContextWindowExceeded:
                limit = min(limit, estimate_tokens(view)) // 2
                continue
            return turn, len(json.dumps(view, ensure_ascii=False)), condensed, time.monotonic() - started
        raise ContextWindowExceeded("the conversation does not fit the context window even when condensed")

    def _step(self) -> _StepResult:
        turn, chars, condensed, seconds = self._ask()
        self.messages.append(turn.as_message())
        step = Step(
            index=len(self.recorder.trajectory.steps) + 1,
            assistant=turn,
            model_seconds=round(seconds, 4),
            prompt_chars_sent=chars,
            condensed=condensed,
        )
        result = _StepResult()
        if not turn.tool_calls:
            self.messages.append({"role": "user", "content": self.malformed_note("no tool was called")})
            result.malformed = True
        try:
            for call in turn.tool_calls:
                observation, tool_result = self._call(call)
                step.observations.append(observation)
                self.messages.append({"role": "tool", "tool_call_id": call.id, "content": observation.output})
                if tool_result is None:
                    result.malformed = True
                elif tool_result.ends_run:
                    result.ended = tool_result.output or "submitted"
                    if observation.verification is not None and not observation.verification.passed:
                        result.end_status = "submitted_unverified"
        except KeyboardInterrupt:
            # The model turn was paid for: keep it, with the calls that never returned marked as such.
            done = {o.tool_call_id for o in step.observations}
            for call in turn.tool_calls:
                if call.id not in done:
                    step.observations.append(
                        Observation(tool_call_id=call.id, tool=call.name, arguments=call.arguments,
                                    output=INTERRUPTED, is_error=True)
                    )  # fmt: skip
            self.recorder.add_step(step)
            raise
        self.recorder.add_step(step)
        if self.on_step is not None:
            self.on_step(step)
        return result

    def _call(self, call: ToolCall) -> tuple[Observation, ToolResult | None]:
        """Run one tool call; a malformed call gets a correction and None instead of a result."""
        started = time.monotonic()
        arguments: dict[str, Any] | str = call.arguments
        problem: str | None = None
        tool = self.tools.get(call.name)
        if tool is None:
            problem = f"unknown tool {call.name!r}; available: {', '.join(self.tools)}"
        else:
            try:
                parsed = json.loads(call.arguments or "{}")
                if not isinstance(parsed, dict):
                    raise ValueError("arguments must be a JSON object")
                arguments = parsed
            except ValueError as exc:
                problem = f"arguments of {call.name} are not a JSON object: {exc}"
        result: ToolResult | None = None
        if problem is None and tool is not None and isinstance(arguments, dict):
            try:
                result = tool.run(arguments)
            except ToolInputError as exc:
                problem = f"{call.name}: {exc}"
            except Exception as exc:  # a tool failure is an observation, never the end of the run
                result = ToolResult(output=f"{call.name} failed: {type(exc).__name__}: {exc}", is_error=True)
        verification: GateVerdict | None = None
        if result is not None and result.ends_run and self.submit_gates:
            result, verification = self._gate(result)
        limit = self.config.observation_chars
        output = self.malformed_note(problem) if problem else cut_middle(result.output, limit // 2, limit - limit // 2)
        attachments = [] if problem or result is None else self._attachments(call.name, arguments, output)
        output += "".join(f"\n\n{attachment.text.strip()}" for attachment in attachments)
        observation = Observation(
            tool_call_id=call.id,
            tool=call.name,
            arguments=arguments,
            output=output,
            is_error=problem is not None or bool(result and result.is_error),
            seconds=round(time.monotonic() - started, 4),
            attachments=attachments,
            verification=verification,
        )
        return observation, result

    def _attachments(self, tool: str, arguments: dict[str, Any] | str, output: str) -> list[Attachment]:
        """What the observers add to this observation; each source once per run."""
        found: list[Attachment] = []
        for observer in self.observers:
            attachment = observer(tool, arguments, output)
            if attachment is not None and attachment.source not in self.attached:
                self.attached.add(attachment.source)
                found.append(attachment)
        return found

    def _gate(self, submitted: ToolResult) -> tuple[ToolResult, GateVerdict]:
        """Ask the gates about a `submit`: passed ends the run; otherwise their report is the result and the
        run goes on, until `gate_rounds` rounds have failed (the run then ends as submitted_unverified)."""
        summary = submitted.output
        try:
            verdicts = [gate(summary) for gate in self.submit_gates]
        except Exception as exc:  # a gate that breaks cannot hold the run: it ends, unverified, and says why
            verdict = GateVerdict(passed=False, report=f"the verifier failed: {type(exc).__name__}: {exc}")
            self.failed_rounds = self.gate_rounds
            return submitted.model_copy(update={"output": f"{summary}\n\n{verdict.report}"}), verdict
        failed = [v for v in verdicts if not v.passed]
        if not failed:
            return submitted, GateVerdict(passed=True, details={"gates": [v.details for v in verdicts]})
        verdict = GateVerdict(
            passed=False, report="\n\n".join(v.report for v in failed), details={"gates": [v.details for v in verdicts]}
        )
        self.failed_rounds += 1
        if self.failed_rounds >= self.gate_rounds:
            note = f"{summary}\n\nstill failing after {self.failed_rounds} verification rounds:\n{verdict.report}"
            return submitted.model_copy(update={"output": note}), verdict
        return ToolResult(output=verdict.report, is_error=True), verdict


class _StepResult:
    def __init__(self) -> None:
        self.malformed = False
        self.ended: str | None = None
        self.end_status: RunStatus = "submitted"
