"""SIGINT and SIGTERM during an evaluation: one KeyboardInterrupt, and none while teardown runs.

`handle_interrupts()` (the command line, main thread) makes both signals raise KeyboardInterrupt,
whatever the parent left them set to (a background launch inherits SIGINT ignored). Only the first
signal raises; one arriving inside `shielded()` (stopping the app, dropping its database) waits for
the block to finish, so a second Ctrl-C cannot leave processes or databases behind.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class _State:
    def __init__(self) -> None:
        self.reset(installed=False)

    def reset(self, installed: bool) -> None:
        self.installed = installed
        self.received: str | None = None
        self.raised = False
        self.shield_depth = 0


_state = _State()


def received() -> str | None:
    """The name of the first signal received while the handlers were installed (SIGINT, SIGTERM)."""
    return _state.received


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    if _state.received is None:
        _state.received = signal.Signals(signum).name
    if _state.raised or _state.shield_depth:
        return  # teardown is under way: let it finish
    _state.raised = True
    raise KeyboardInterrupt(_state.received)


@contextlib.contextmanager
def handle_interrupts() -> Iterator[None]:
    """Install the handlers for the duration of the block (main thread only), then restore the old ones."""
    _state.reset(installed=True)
    previous = {sig: signal.signal(sig, _on_signal) for sig in SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _state.installed = False


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """Hold a signal received inside the block until it ends; then raise it, once."""
    if not _state.installed or threading.current_thread() is not threading.main_thread():
        yield
        return
    _state.shield_depth += 1
    try:
        yield
    finally:
        _state.shield_depth -= 1
        if not _state.shield_depth and _state.received is not None and not _state.raised:
            _state.raised = True
            raise KeyboardInterrupt(_state.received)
