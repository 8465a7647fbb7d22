"""Which account untrusted code runs as: never root, and never the database server's account."""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass

from tools.procs.users import unprivileged_account

SANDBOX_UID_VARIABLE = "CAGENT_SANDBOX_UID"
# A uid with no passwd entry and no files anywhere, used when `nobody` is taken by the database server.
SPARE_UID = 64999


@dataclass(frozen=True)
class SandboxAccount:
    uid: int
    gid: int
    # True when the harness runs as root and must switch to `uid` itself (setpriv); False when the
    # harness already is an unprivileged user, whose own uid the box keeps (through a user namespace).
    switch: bool


def sandbox_account() -> SandboxAccount:
    """The identity of processes in a box."""
    if os.geteuid() != 0:
        return SandboxAccount(uid=os.getuid(), gid=os.getgid(), switch=False)
    configured = os.environ.get(SANDBOX_UID_VARIABLE, "").strip()
    if configured:
        if not configured.isdigit() or int(configured) == 0:
            raise ValueError(f"{SANDBOX_UID_VARIABLE}={configured!r}: give a non-zero numeric uid")
        return SandboxAccount(uid=int(configured), gid=int(configured), switch=True)
    server = unprivileged_account()  # the account the private PostgreSQL cluster runs as
    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return SandboxAccount(uid=SPARE_UID, gid=SPARE_UID, switch=True)
    if server is not None and server.uid == nobody.pw_uid:
        return SandboxAccount(uid=SPARE_UID, gid=SPARE_UID, switch=True)
    return SandboxAccount(uid=nobody.pw_uid, gid=nobody.pw_gid, switch=True)
