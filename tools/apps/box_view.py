"""What an app's box shows besides the system: its workspace, its virtualenv, its SQLite folder."""

from __future__ import annotations

from pathlib import Path

from tools.apps.interpreter import venv_home
from tools.isolation.box import BoxView


def app_box_view(workspace: Path, install_env: dict[str, str], database_env: dict[str, str]) -> BoxView:
    """The workspace writable, the virtualenv and the installation it was made from read-only (an
    interpreter chosen outside PATH, e.g. uv-managed), the SQLite database's folder writable."""
    readable = [Path(install_env["VIRTUAL_ENV"])] if install_env.get("VIRTUAL_ENV") else []
    readable += [home for venv in readable if (home := venv_home(venv)) is not None]
    writable = [Path(database_env["SQLITE_PATH"]).parent] if database_env.get("SQLITE_PATH") else []
    return BoxView(workspace=workspace, readable=readable, writable=writable)
