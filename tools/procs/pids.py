"""Whether a process id (or a process group) is in use."""

from __future__ import annotations

import os
from collections.abc import Callable


def _exists(signal_zero: Callable[[int, int], None], ident: int) -> bool:
    try:
        signal_zero(ident, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def pid_alive(pid: int) -> bool:
    """True when a process with this id exists (even one we may not signal)."""
    return _exists(os.kill, pid)


def group_alive(pgid: int) -> bool:
    """True while any process (a zombie included) is in process group `pgid`."""
    return _exists(os.killpg, pgid)
