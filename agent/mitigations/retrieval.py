"""Mitigation 2, convention retrieval: the stack's conventions in the prompt, a `docs` tool, and cards on errors.

- proactive: the top cards for the task's stack go into the prompt, within a token budget
  (`options["retrieval_budget"]`, default 2500 tokens), recorded with the cards chosen;
- on demand: the `docs` tool searches the cards and the docs inside the workspace's installed packages;
- reactive: when a tool's output carries an error signature, the card that explains it is attached to
  that observation, each card at most once per run; the record lists which card, on which step's tool,
  and why.
"""

from __future__ import annotations

from typing import Any

from agent.mitigations.base import Attachment, Contribution, MitigationContext
from prompts.render import render
from retrieval.docs_tool import DocsTool
from retrieval.library import ConventionLibrary, estimate_tokens
from retrieval.stack import Stack
from tools.apps.install import venv_dir

DEFAULT_BUDGET_TOKENS = 2500
# Tools whose output is the agent's own text or retrieval's (code it views or greps, cards it asked for):
# an error signature there is no error the app produced.
UNWATCHED_TOOLS = frozenset({"docs", "editor", "search", "submit"})


def stack_of(context: MitigationContext) -> Stack:
    constraints = context.constraints
    if constraints is None:
        return Stack(language=None if context.language == "unknown" else context.language)
    return Stack(
        language=constraints.language,
        framework=constraints.framework,
        orm=constraints.orm,
        database=constraints.database,
    )


class ErrorObserver:
    """The ObservationHook: attaches the card explaining an error once, and records each attachment."""

    def __init__(self, library: ConventionLibrary, stack: Stack, record: list[dict[str, Any]]) -> None:
        self.library = library
        self.stack = stack
        self.record = record
        self.attached: set[str] = set()

    def __call__(self, tool: str, arguments: dict[str, Any] | str, output: str) -> Attachment | None:
        if tool in UNWATCHED_TOOLS:
            return None
        match = self.library.explain_error(output, self.stack, exclude=self.attached)
        card = self.library.card(match.card_id) if match else None
        if match is None or card is None:
            return None
        self.attached.add(card.id)
        self.record.append({"card": card.id, "tool": tool, "reason": match.reason, "score": match.score})
        text = render("retrieval_attachment.md.j2", card_id=card.id, reason=match.reason, text=card.text())
        return Attachment(source=f"retrieval:{card.id}", reason=match.reason, text=text)


def prepare(context: MitigationContext) -> Contribution:
    stack = stack_of(context)
    budget = int(context.options.get("retrieval_budget", DEFAULT_BUDGET_TOKENS))
    library = ConventionLibrary(workspace=context.workspace, extra_venvs=[venv_dir(context.workspace)])
    cards = library.proactive(stack, budget, query=context.task_prompt)
    section = render("retrieval_conventions.md.j2", stack=stack.label(), cards=[card.text() for card in cards])
    attachments: list[dict[str, Any]] = []
    record: dict[str, Any] = {
        "stack": stack.model_dump(),
        "budget_tokens": budget,
        "prompt_tokens": estimate_tokens(section) if cards else 0,
        "cards": [card.id for card in cards],
        "cards_available": len(library.cards),
        "tools": ["docs"],
        "attachments": attachments,
    }
    context.shared["retrieval"] = library
    return Contribution(
        prompt_sections=[section] if cards else [],
        tools=[DocsTool(library, stack)],
        observers=[ErrorObserver(library, stack, attachments)],
        record=record,
    )
