"""A private PostgreSQL cluster per harness process: RAM-backed, fsync off, gone when we are."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

from tools.databases.base import DatabaseUnavailable, ProvisionedDatabase
from tools.databases.postgres_admin import PostgresAdmin
from tools.databases.postgres_binaries import find_bindir
from tools.procs.lifeline import die_with_parent
from tools.procs.ports import free_port
from tools.procs.scratch import remove_dead_owners
from tools.procs.users import Account, unprivileged_account

CLUSTER_PREFIX = "cagent-pg-"
# Durability is pointless for throw-away databases; these settings make DDL and commits cheap.
SERVER_SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
    "shared_buffers=64MB",
    "listen_addresses=127.0.0.1",
    # Dynamic shared memory as files in the data directory, not /dev/shm/PostgreSQL.*: a server killed
    # with SIGKILL leaves nothing the removal of its cluster directory does not take.
    "dynamic_shared_memory_type=mmap",
)
STARTUP_BUDGET_S = 30.0


def _scratch_root() -> Path:
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK) else Path(tempfile.gettempdir())


def remove_stale_clusters(root: Path | None = None) -> list[Path]:
    """Delete cluster directories whose owning harness process no longer exists (stopping their server)."""
    return remove_dead_owners(CLUSTER_PREFIX, root or _scratch_root(), lambda folder: _kill_postmaster(folder / "data"))


def _kill_postmaster(data_dir: Path) -> None:
    pid_file = data_dir / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pid, signal.SIGQUIT)
    except (OSError, ValueError, IndexError):
        pass


class LocalPostgresCluster:
    """initdb + postgres in a scratch directory, as an unprivileged user when we run as root."""

    kind = "postgresql"

    def __init__(self) -> None:
        remove_stale_clusters()
        self._bindir = find_bindir()
        self._account = unprivileged_account()
        self.root = Path(tempfile.mkdtemp(prefix=f"{CLUSTER_PREFIX}{os.getpid()}-", dir=_scratch_root()))
        self._process: subprocess.Popen[bytes] | None = None
        self._admin: PostgresAdmin | None = None
        try:
            self._init_and_start()
        except BaseException:
            self.close()
            raise

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    def _run_as(self) -> dict[str, object]:
        account: Account | None = self._account
        return {} if account is None else {"user": account.uid, "group": account.gid, "extra_groups": []}

    def _init_and_start(self) -> None:
        if self._account is not None:
            os.chown(self.root, self._account.uid, self._account.gid)
        # Superuser access only over TCP with a random password, and no Unix socket at all: a process that
        # can reach 127.0.0.1 or the scratch directory (an app under test) cannot act as the superuser.
        self._password = secrets.token_hex(16)
        password_file = self.root / "superuser-password"
        password_file.write_text(self._password)
        if self._account is not None:
            os.chown(password_file, self._account.uid, self._account.gid)
        initdb = subprocess.run(
            [
                str(self._bindir / "initdb"),
                "-D",
                str(self.data_dir),
                "--auth-local=scram-sha-256",
                "--auth-host=scram-sha-256",
                f"--pwfile={password_file}",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=self.root,
            **self._run_as(),
        )
        if initdb.returncode != 0:
            tail = (initdb.stderr or initdb.stdout).strip().splitlines()[-1:] or ["no output"]
            raise DatabaseUnavailable(f"initdb failed: {tail[0]}")
        port = free_port()
        settings = [arg for item in SERVER_SETTINGS for arg in ("-c", item)]
        with open(self.log_path, "wb") as log:
            if self._account is not None:
                os.chown(self.log_path, self._account.uid, self._account.gid)
            self._process = subprocess.Popen(
                [
                    str(self._bindir / "postgres"),
                    "-D",
                    str(self.data_dir),
                    "-p",
                    str(port),
                    "-k",
                    "",
                    *settings,
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.root,
                start_new_session=True,
                preexec_fn=die_with_parent(signal.SIGQUIT),
                **self._run_as(),
            )
        password_file.unlink()
        admin_url = f"postgresql://postgres:{self._password}@127.0.0.1:{port}/postgres"
        self._wait_ready(admin_url)
        self._admin = PostgresAdmin(admin_url)
        self._admin.lock_down_server()

    def _wait_ready(self, admin_url: str) -> None:
        deadline = time.monotonic() + STARTUP_BUDGET_S
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                tail = self.log_path.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
                raise DatabaseUnavailable(f"PostgreSQL exited during start-up: {tail[0]}")
            try:
                psycopg.connect(admin_url, connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                time.sleep(0.05)
        raise DatabaseUnavailable(f"PostgreSQL did not accept connections within {STARTUP_BUDGET_S:.0f} s")

    def create(self, label: str = "eval") -> ProvisionedDatabase:
        assert self._admin is not None
        return self._admin.create(label)

    def drop(self, database: ProvisionedDatabase) -> None:
        assert self._admin is not None
        self._admin.drop(database)

    def close(self) -> None:
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        if self._process is not None and self._process.poll() is None:
            # SIGQUIT is PostgreSQL's immediate shutdown: no checkpoint, which we do not need.
            self._process.send_signal(signal.SIGQUIT)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(timeout=10)
        self._process = None
        shutil.rmtree(self.root, ignore_errors=True)
