"""Convention cards: one markdown file per convention, with YAML front matter validated by `Card`.

A card says what goes wrong for a stack, how it shows (the `signatures`: regular expressions of error
text that only this mistake produces), and the correct pattern in a short code block. The body is what
the model reads; the front matter decides when it applies and where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CARDS_DIR = Path(__file__).parent / "cards"

Layer = Literal["startup", "http", "auth", "data", "schema", "contract", "tooling"]
# The failure taxonomy's categories and logic root causes that a convention can prevent.
FailureCategory = Literal[
    "server_startup_failure",
    "schema_format_error",
    "framework_idiosyncrasy",
    "auth_misconfiguration",
    "database_runtime_error",
    "incorrect_query_logic",
    "state_propagation_failure",
    "business_logic_defect",
]
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CardError(ValueError):
    """A card file that cannot be read or does not validate; the message names the file."""


class Card(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    languages: list[str] = Field(default_factory=list)
    frameworks: list[str] = Field(default_factory=list)
    orms: list[str] = Field(default_factory=list)
    databases: list[str] = Field(default_factory=list)
    versions: str = Field("", description="the versions the card was checked for, e.g. 'fastify 4-5'")
    layer: Layer
    category: FailureCategory
    tags: list[str] = Field(default_factory=list)
    signatures: list[str] = Field(default_factory=list, description="regexes of error text this mistake produces")
    priority: int = Field(2, ge=1, le=3, description="3: breaks most of the suite when missed")
    source: list[str] = Field(min_length=1)
    body: str

    @field_validator("id")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be lower-case words joined by hyphens")
        return value

    @field_validator("languages", "frameworks", "orms", "databases", "tags")
    @classmethod
    def _lower(cls, values: list[str]) -> list[str]:
        return [value.strip().lower() for value in values]

    @field_validator("source", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("signatures")
    @classmethod
    def _compiles(cls, values: list[str]) -> list[str]:
        for pattern in values:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"signature {pattern!r} is not a regular expression: {exc}") from None
        return values

    @cached_property
    def patterns(self) -> list[re.Pattern[str]]:
        return [re.compile(pattern, re.IGNORECASE | re.MULTILINE) for pattern in self.signatures]

    def text(self) -> str:
        """The card as the model reads it: title, what it applies to, body."""
        scope = ", ".join(self.frameworks + self.orms + self.databases) or "any stack"
        versions = f"; {self.versions}" if self.versions else ""
        return f"## {self.title}\n({scope}{versions})\n\n{self.body.strip()}\n"


def parse_card(text: str, origin: str) -> Card:
    """A card from a markdown file's text: `---` front matter `---` body."""
    if not text.startswith("---"):
        raise CardError(f"{origin}: a card starts with '---' front matter")
    _, _, rest = text.partition("---")
    front, separator, body = rest.partition("\n---")
    if not separator:
        raise CardError(f"{origin}: the front matter is not closed by '---'")
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        raise CardError(f"{origin}: front matter is not YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise CardError(f"{origin}: front matter must be a mapping")
    try:
        return Card.model_validate({**meta, "body": body.lstrip("-").strip()})
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise CardError(f"{origin}: {problems}") from None


def load_cards(directories: Iterable[Path] = (CARDS_DIR,)) -> list[Card]:
    """Every card under `directories`, sorted by id; ids are unique."""
    cards: dict[str, Card] = {}
    for directory in directories:
        for path in sorted(directory.rglob("*.md")):
            card = parse_card(path.read_text(encoding="utf-8"), str(path))
            if card.id in cards:
                raise CardError(f"{path}: card id {card.id!r} is used twice")
            cards[card.id] = card
    return [cards[key] for key in sorted(cards)]
