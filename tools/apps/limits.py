"""Resource limits for an app under test."""

from __future__ import annotations

from pydantic import BaseModel, Field


class AppLimits(BaseModel):
    startup_s: float = Field(30.0, gt=0, description="budget for the health check to answer")
    wall_s: float = Field(900.0, gt=0, description="longest an app may live")
    memory_mb: int = Field(2048, gt=0, description="resident memory of all its processes together")
    max_processes: int = Field(64, gt=0, description="processes it may have at once")
    install_s: float = Field(600.0, gt=0, description="budget for installing its dependencies")
    stop_grace_s: float = Field(3.0, ge=0, description="time between SIGTERM and SIGKILL")
