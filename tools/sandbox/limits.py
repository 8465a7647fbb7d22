"""Memory limits for sandbox commands and how they are enforced.

`rss` (the default) watches the resident memory of every process a command started and kills them
all when the sum passes the limit. `address_space` sets RLIMIT_AS in the child instead: exact and
cheap, but Node reserves large virtual ranges for WebAssembly (undici's HTTP parser behind `fetch`),
so under a few GiB of address space `fetch` fails in Node although its real use is small.
"""

from __future__ import annotations

import resource
import signal
from collections.abc import Callable
from typing import Literal

from tools.apps.procinfo import resident_kib
from tools.procs.lifeline import die_with_parent

MemoryMode = Literal["rss", "address_space", "off"]
MEMORY_MODES: tuple[MemoryMode, ...] = ("rss", "address_space", "off")


def child_setup(memory_mode: MemoryMode, memory_mb: int) -> Callable[[], None]:
    """A `preexec_fn`: die with the sandbox's owner, and cap the address space when asked."""
    lifeline = die_with_parent(signal.SIGKILL)
    limit_bytes = memory_mb * 1024 * 1024

    def _setup() -> None:
        lifeline()
        if memory_mode == "address_space":
            resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return _setup


def rss_violation(pids: list[int], memory_mb: int) -> str | None:
    """A one-line reason when `pids` together hold more resident memory than `memory_mb`."""
    used_kib = sum(resident_kib(pid) for pid in pids)
    if used_kib > memory_mb * 1024:
        return f"memory limit exceeded: the command's processes held {used_kib // 1024} MiB, limit {memory_mb} MiB"
    return None
