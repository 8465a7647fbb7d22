"""Children that die with their parent: PR_SET_PDEATHSIG, set in the child just before exec."""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGKILL) -> Callable[[], None]:
    """A `preexec_fn` that asks the kernel to send `sig` to the child when the parent thread exits.

    This is the backstop for a harness killed with SIGKILL, when no cleanup code can run.
    """
    libc_name = ctypes.util.find_library("c") or "libc.so.6"

    def _preexec() -> None:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)

    return _preexec
