"""The domain model a skeleton is rendered from: entities, their fields, keys, uniqueness and relations.

Data, not code: DDL (ddl.py), ORM models and the worked example are all rendered from one DomainModel,
so the SQL schema, the SQLAlchemy classes and the Sequelize models cannot disagree about a column.
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

FieldType = Literal["id", "string", "text", "integer", "boolean", "timestamp", "float"]
_IDENT = r"^[a-z][a-z0-9_]*$"


class FieldSpec(BaseModel):
    """One column. `references` names the table whose id this column holds (a foreign key)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=_IDENT)
    type: FieldType
    nullable: bool = False
    unique: bool = False
    primary_key: bool = False
    references: str | None = None
    on_delete: Literal["cascade", "set null", "restrict"] = "cascade"
    # Filled in by the database when the row is created (the creation time, an id).
    generated: bool = False
    # Refreshed by the application whenever the row changes.
    updated: bool = False


class Relation(BaseModel):
    """How one entity reaches another: `belongs_to` through its own foreign key `foreign_key`,
    `has_many` through the other's foreign key, `many_to_many` through the join table `through`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][A-Za-z0-9_]*$")
    kind: Literal["belongs_to", "has_many", "many_to_many"]
    target: str
    foreign_key: str | None = None
    through: str | None = None
    other_key: str | None = None  # many_to_many: the join table's column naming the target


class Entity(BaseModel):
    """A table and the class that maps it. A join table has `join: true` and a composite key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[A-Z][A-Za-z0-9]*$")  # class name: User, ArticleTag
    table: str = Field(pattern=_IDENT)
    fields: list[FieldSpec]
    relations: list[Relation] = Field(default_factory=list)
    unique_together: list[list[str]] = Field(default_factory=list)
    indexes: list[list[str]] = Field(default_factory=list)
    order_by: list[str] = Field(default_factory=list)  # "-created_at" = newest first
    join: bool = False

    def field(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)

    @property
    def key(self) -> list[str]:
        return [f.name for f in self.fields if f.primary_key]

    @property
    def references(self) -> list[str]:
        return sorted({f.references for f in self.fields if f.references and f.references != self.table})


class Example(BaseModel):
    """The worked example rendered through every layer: GET /api{path} lists `field` of `entity`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entity: str
    field: str
    path: str = Field(pattern=r"^/[a-z0-9/_-]+$")
    response_key: str


class DomainModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    entities: list[Entity]
    example: Example
    source: Literal["bundled", "draft", "model"] = "bundled"

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        tables = {e.table for e in self.entities}
        if len(tables) != len(self.entities):
            raise ValueError("two entities share a table name")
        for entity in self.entities:
            names = [f.name for f in entity.fields]
            if len(set(names)) != len(names):
                raise ValueError(f"{entity.table}: a field is declared twice")
            if not entity.key:
                raise ValueError(f"{entity.table}: no primary key")
            for f in entity.fields:
                if f.references and f.references not in tables:
                    raise ValueError(f"{entity.table}.{f.name} references unknown table {f.references}")
            for group in [*entity.unique_together, *entity.indexes, [o.lstrip("-") for o in entity.order_by]]:
                unknown = set(group) - set(names)
                if unknown:
                    raise ValueError(f"{entity.table}: unknown field {sorted(unknown)[0]}")
            for relation in entity.relations:
                if relation.target not in tables or (relation.through and relation.through not in tables):
                    raise ValueError(f"{entity.table}.{relation.name}: unknown table")
        example = self.entity(self.example.entity)
        if example is None or self.example.field not in [f.name for f in example.fields]:
            raise ValueError(f"example {self.example.entity}.{self.example.field} is not in the model")
        return self

    def entity(self, table: str) -> Entity | None:
        return next((e for e in self.entities if e.table == table), None)

    def ordered(self) -> list[Entity]:
        """Entities in creation order: every table after the tables it references."""
        done: list[Entity] = []
        pending = list(self.entities)
        while pending:
            ready = [e for e in pending if all(ref in {d.table for d in done} for ref in e.references)]
            if not ready:
                raise ValueError(f"foreign keys form a cycle among {', '.join(e.table for e in pending)}")
            done += ready
            pending = [e for e in pending if e not in ready]
        return done


def inverse(domain: DomainModel, entity: Entity, relation: Relation) -> Relation | None:
    """The relation on the other side that maps the same foreign key(s), if the model declares one."""
    target = domain.entity(relation.target)
    if target is None:
        return None
    for other in target.relations:
        if other.target != entity.table or other is relation:
            continue
        if relation.kind == "belongs_to" and other.kind == "has_many" and other.foreign_key == relation.foreign_key:
            return other
        if relation.kind == "has_many" and other.kind == "belongs_to" and other.foreign_key == relation.foreign_key:
            return other
        if (
            relation.kind == "many_to_many"
            and other.kind == "many_to_many"
            and other.through == relation.through
            and other.foreign_key == relation.other_key
            and other.other_key == relation.foreign_key
        ):
            return other
    return None
