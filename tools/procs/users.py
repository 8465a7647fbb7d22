"""Dropping root: PostgreSQL refuses to run as root, and untrusted code should not either."""

from __future__ import annotations

import os
import pwd
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int


def unprivileged_account(preferred: tuple[str, ...] = ("postgres", "nobody")) -> Account | None:
    """The account to switch to when running as root, or None when we are not root."""
    if os.geteuid() != 0:
        return None
    for name in preferred:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        return Account(name=name, uid=entry.pw_uid, gid=entry.pw_gid)
    raise RuntimeError("running as root and no unprivileged account (postgres, nobody) exists")
