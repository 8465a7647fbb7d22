"""The benchmark's tasks: the 80 greenfield tasks, imported published task files, and selection."""

from evals.tasks.catalog import all_tasks, find_task, select_tasks
from evals.tasks.model import BenchTask

__all__ = ["BenchTask", "all_tasks", "find_task", "select_tasks"]
