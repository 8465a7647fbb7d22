"""Data access: the only package that talks to SQLAlchemy sessions and queries."""
