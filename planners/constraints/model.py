"""The constraints of one backend task, validated so that contradictions fail early with one reason."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

Language = Literal["python", "node"]
ConstraintKindName = Literal["framework", "architecture", "database", "orm"]

# Framework -> language of its runtime. Order is the order shown to users.
FRAMEWORKS: dict[str, Language] = {
    "flask": "python",
    "fastapi": "python",
    "django": "python",
    "aiohttp": "python",
    "express": "node",
    "fastify": "node",
    "koa": "node",
    "hono": "node",
}
ARCHITECTURES = ("clean", "none")
DATABASES = ("sqlite", "postgresql", "none")
ORMS = ("sqlalchemy", "sequelize", "none")
# Which language an ORM belongs to.
ORM_LANGUAGE: dict[str, Language] = {"sqlalchemy": "python", "sequelize": "node"}
LANGUAGE_LABEL: dict[str, str] = {"python": "Python", "node": "Node"}

# Spellings people and task names use for the same value.
_ALIASES: dict[str, dict[str, str]] = {
    "architecture": {"clean_architecture": "clean", "clean-architecture": "clean", "ca": "clean"},
    "database": {"postgres": "postgresql", "pg": "postgresql", "sqlite3": "sqlite"},
    "orm": {"sql-alchemy": "sqlalchemy"},
    "language": {"javascript": "node", "js": "node", "typescript": "node", "nodejs": "node", "py": "python"},
}
_CHOICES: dict[str, tuple[str, ...]] = {
    "framework": tuple(FRAMEWORKS),
    "architecture": ARCHITECTURES,
    "database": DATABASES,
    "orm": ORMS,
    "language": ("python", "node"),
}


class ConstraintError(ValueError):
    """Constraints that are unknown or contradict each other. The message is one line."""


def _normalise(field: str, value: object) -> str:
    if value is None or value == "":
        return "none"
    if not isinstance(value, str):
        raise ConstraintError(f"{field} must be a name, not {type(value).__name__}")
    text = value.strip().lower()
    text = _ALIASES.get(field, {}).get(text, text)
    if text not in _CHOICES[field]:
        raise ConstraintError(f"unknown {field} {value!r}; choose one of {', '.join(_CHOICES[field])}")
    return text


class ConstraintSet(BaseModel):
    """framework (always set), its language, and three optional constraints where "none" means unconstrained."""

    model_config = ConfigDict(frozen=True)

    framework: str
    language: Language
    architecture: Literal["clean", "none"] = "none"
    database: Literal["sqlite", "postgresql", "none"] = "none"
    orm: Literal["sqlalchemy", "sequelize", "none"] = "none"

    @model_validator(mode="before")
    @classmethod
    def _resolve(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ConstraintError("constraints must be a mapping of framework, architecture, database, orm")
        raw = dict(data)
        if raw.get("framework") in (None, "", "none"):
            raise ConstraintError(f"a framework is required; choose one of {', '.join(FRAMEWORKS)}")
        framework = _normalise("framework", raw["framework"])
        language = FRAMEWORKS[framework]
        if raw.get("language") not in (None, ""):
            stated = _normalise("language", raw["language"])
            if stated != language:
                raise ConstraintError(
                    f"language {LANGUAGE_LABEL[stated]} contradicts framework {framework}, "
                    f"which is {LANGUAGE_LABEL[language]}"
                )
        orm = _normalise("orm", raw.get("orm"))
        if orm != "none" and ORM_LANGUAGE[orm] != language:
            raise ConstraintError(
                f"orm {orm} is for {LANGUAGE_LABEL[ORM_LANGUAGE[orm]]} frameworks; "
                f"{framework} is {LANGUAGE_LABEL[language]}"
            )
        unknown = sorted(set(raw) - {"framework", "language", "architecture", "database", "orm"})
        if unknown:
            raise ConstraintError(f"unknown constraint {unknown[0]!r}; use framework, architecture, database, orm")
        return {
            "framework": framework,
            "language": language,
            "architecture": _normalise("architecture", raw.get("architecture")),
            "database": _normalise("database", raw.get("database")),
            "orm": orm,
        }

    # pydantic wraps validator errors in ValidationError; callers get the one-line ConstraintError instead.
    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _unwrap(exc) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise _unwrap(exc) from None

    def value(self, kind: ConstraintKindName) -> str:
        """The constrained value of one kind ("none" when that kind is unconstrained)."""
        return str(getattr(self, kind))

    def constrained_kinds(self) -> list[ConstraintKindName]:
        """Kinds that carry a constraint: the framework always, the others unless "none"."""
        kinds: list[ConstraintKindName] = ["framework", "architecture", "database", "orm"]
        return [kind for kind in kinds if kind == "framework" or self.value(kind) != "none"]

    def level(self) -> int:
        """Number of constraints beyond the framework (the paper's L0-L3)."""
        return len(self.constrained_kinds()) - 1

    def describe(self) -> str:
        parts = [f"{self.framework} ({LANGUAGE_LABEL[self.language]})"]
        parts += [f"{kind} {self.value(kind)}" for kind in self.constrained_kinds() if kind != "framework"]
        return ", ".join(parts)


def _unwrap(exc: ValidationError) -> ConstraintError:
    for error in exc.errors():
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, ConstraintError):
            return cause
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "constraints"
    return ConstraintError(f"{where}: {first.get('msg', 'invalid value')}")
