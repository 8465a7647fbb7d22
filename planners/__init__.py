"""Constraint extraction, the constraint catalog, implementation plans and skeleton pre-creation."""
