"""Running a generated backend: install its dependencies, start it, watch it, and clean up after it."""

from tools.apps.limits import AppLimits
from tools.apps.process import AppProcess, StartupFailure
from tools.apps.workspace import StartPlan, WorkspaceError, plan_start

__all__ = ["AppLimits", "AppProcess", "StartPlan", "StartupFailure", "WorkspaceError", "plan_start"]
