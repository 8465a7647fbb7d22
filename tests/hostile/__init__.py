"""Hostile backends: each tries one way out of its box, and the harness must keep it in."""
