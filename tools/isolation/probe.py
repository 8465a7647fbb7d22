"""Can this machine run boxes? Checked once per process, with a real (tiny) box."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

REQUIRED_PROGRAMS = ("bwrap", "nsenter", "setpriv")
INSTALL_HINT = "install bubblewrap (apt-get install bubblewrap)"


@functools.cache
def isolation_problem() -> str | None:
    """None when boxes work here; otherwise one line saying why not."""
    missing = [name for name in REQUIRED_PROGRAMS if shutil.which(name) is None]
    if missing:
        hint = INSTALL_HINT if "bwrap" in missing else "install util-linux"
        return f"{', '.join(missing)} not found: {hint}"
    user_namespace = [] if os.geteuid() == 0 else ["--unshare-user"]
    command = [
        "bwrap", *user_namespace, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
        "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "true",
    ]  # fmt: skip
    try:
        probe = subprocess.run(command, capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap cannot start: {exc}"
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or [f"exit code {probe.returncode}"])[-1]
        return f"bubblewrap cannot create namespaces here ({reason}); are user namespaces enabled?"
    return _entering_problem()


def _entering_problem() -> str | None:
    """Make a real box and run `true` in it the way every command enters one."""
    from tools.isolation.box import Box, BoxError, BoxView

    with tempfile.TemporaryDirectory(prefix="cagent-probe-") as folder:
        box = Box(BoxView(workspace=Path(folder)))
        try:
            box.start()
            entered = box.popen(["true"], cwd=Path(folder), env={"PATH": "/usr/bin:/bin"}, stderr=subprocess.PIPE)
            _, errors = entered.communicate(timeout=30)
        except (BoxError, OSError, subprocess.TimeoutExpired) as exc:
            return f"a process cannot enter a bubblewrap box here: {exc}"
        finally:
            box.close()
    if entered.returncode != 0:
        reason = (errors.decode(errors="replace").strip().splitlines() or [f"exit code {entered.returncode}"])[-1]
        return f"a process cannot enter a bubblewrap box here ({reason})"
    return None
