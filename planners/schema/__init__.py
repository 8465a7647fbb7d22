"""Schema and skeleton pre-creation: the domain model, its DDL, and the code templates of every stack."""

from planners.schema.domain import DomainModel, Entity, Example, FieldSpec, Relation
from planners.schema.render import SkeletonError, SkeletonReport, render_skeleton

__all__ = [
    "DomainModel",
    "Entity",
    "Example",
    "FieldSpec",
    "Relation",
    "SkeletonError",
    "SkeletonReport",
    "render_skeleton",
]
