"""Sweeps: tasks x scaffolds x models x mitigation configs x trials, run in parallel into a resumable store."""
