"""Jinja2 templates for every message the model sees."""
