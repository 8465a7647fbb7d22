"""Reading /proc: which processes belong to a run, how much memory they hold, where they listen.

Processes are recognised by a marker variable in their environment, which survives forks, double
forks and setsid(), so daemons that leave the process group are still found and killed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
LISTEN_STATE = "0A"


def marked_pids(marker: str) -> list[int]:
    """PIDs whose environment contains the exact `NAME=value` marker entry."""
    needle = marker.encode()
    found = []
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def resident_kib(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def is_zombie(pid: int) -> bool:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] == "Z"


@dataclass(frozen=True)
class ListeningSocket:
    address: str
    port: int

    @property
    def loopback_only(self) -> bool:
        return self.address.startswith("127.") or self.address == "::1"


def _decode_address(hex_address: str) -> str:
    raw = bytes.fromhex(hex_address)
    if len(raw) == 4:
        return ".".join(str(b) for b in raw[::-1])
    # IPv6 in /proc is four little-endian 32-bit words.
    words = [raw[i : i + 4][::-1] for i in range(0, 16, 4)]
    flat = b"".join(words)
    if flat[:12] == b"\0" * 10 + b"\xff\xff":  # v4-mapped
        return ".".join(str(b) for b in flat[12:])
    groups = [f"{int.from_bytes(flat[i : i + 2], 'big'):x}" for i in range(0, 16, 2)]
    text = ":".join(groups)
    return {"0:0:0:0:0:0:0:0": "::", "0:0:0:0:0:0:0:1": "::1"}.get(text, text)


def _listening_inodes() -> dict[int, ListeningSocket]:
    sockets = {}
    for table in ("tcp", "tcp6"):
        try:
            lines = (PROC / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[3] != LISTEN_STATE:
                continue
            address, port = fields[1].split(":")
            sockets[int(fields[9])] = ListeningSocket(_decode_address(address), int(port, 16))
    return sockets


def listening_sockets(pids: list[int]) -> list[ListeningSocket]:
    """TCP sockets in LISTEN state held open by any of `pids`."""
    by_inode = _listening_inodes()
    found: dict[tuple[str, int], ListeningSocket] = {}
    for pid in pids:
        try:
            fds = os.listdir(PROC / str(pid) / "fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(PROC / str(pid) / "fd" / fd)
            except OSError:
                continue
            if target.startswith("socket:["):
                sock = by_inode.get(int(target[8:-1]))
                if sock is not None:
                    found[(sock.address, sock.port)] = sock
    return sorted(found.values(), key=lambda s: (s.port, s.address))
