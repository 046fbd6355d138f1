"""A private, throw-away PostgreSQL server for one test session.

Why: the store must behave on PostgreSQL exactly as it does on SQLite, also
when several PCs (processes) race for the same callback, so the tests need a
real server. Nobody should have to configure one by hand, and CI must not
depend on the machine's own cluster, so every pytest process initdb's its own
server in a temp dir, on a free TCP port of 127.0.0.1, and throws it away at
the end. Two pytest processes at once each get their own dir and port.

Set ``REPAIR_DESKTOP_TEST_PG`` to a server URL (for example
``postgresql+psycopg://user:pw@host:5432/postgres``) to use an existing server
instead; the tests then only create and drop their own databases on it.

The server object can be stopped and started again mid-test (same port, same
data dir) to test what the app does when the database goes away.
"""

from __future__ import annotations

import atexit
import fcntl
import glob
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg import sql
from sqlalchemy.engine import URL, make_url

ENV_VAR = "REPAIR_DESKTOP_TEST_PG"
SUPERUSER = "postgres"

# Speed over durability: the data is thrown away after the run. Many
# connections because race tests open pools from several processes at once.
SERVER_SETTINGS = """
listen_addresses = '127.0.0.1'
unix_socket_directories = '{socket_dir}'
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
"""


# The benchmarks' kept server holds a million-appointment database (1.7 GB): its buffers are sized as a shop's
# server would be (PostgreSQL's guide: a quarter of the memory; the default 128 MB is sized to start anywhere),
# so what a search reads stays in the server instead of being copied in from the OS again and again.
KEPT_OPTIONS = "-c shared_buffers=2GB"


# Runs beside the test process and, should that die without cleaning up
# (SIGTERM from a CI timeout, SIGKILL, a crash), stops the server and removes
# its files, so no orphaned postgres outlives the run. argv: parent pid,
# temp dir, stop command. A normal end of session kills the watchdog first.
_WATCHDOG = """
import os, shutil, subprocess, sys, time
parent, base, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
while os.getppid() == parent:
    time.sleep(0.5)
subprocess.run(stop, cwd=base, stdin=subprocess.DEVNULL,
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
shutil.rmtree(base, ignore_errors=True)
"""


class PgServerError(RuntimeError):
    """PostgreSQL could not be found, started or reached (message says why)."""


def find_bindir() -> Path:
    """Directory holding initdb, pg_ctl and postgres.

    Debian keeps the server binaries out of PATH, in
    /usr/lib/postgresql/<version>/bin; take the highest version, then try
    ``pg_config --bindir`` and PATH (other distributions, Homebrew, ...).
    """
    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", path.split("/")[-3]))

    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True)
    if shutil.which("pg_config"):
        proc = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if proc.returncode == 0:
            candidates.append(os.path.join(proc.stdout.strip(), "initdb"))
    if shutil.which("initdb"):
        candidates.append(shutil.which("initdb"))
    for initdb in candidates:
        bindir = Path(initdb).resolve().parent
        if all((bindir / exe).is_file() for exe in ("initdb", "pg_ctl", "postgres")):
            return bindir
    raise PgServerError(
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; "
        "install them (Debian: apt-get install postgresql) or set "
        f"{ENV_VAR}=postgresql+psycopg://user:password@host:port/postgres"
    )


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """A PostgreSQL server the tests may create databases on.

    ``url`` is the SQLAlchemy URL of its maintenance database ("postgres").
    Only a server this class started itself (``can_restart``) supports
    ``stop()`` / ``start()``.
    """

    def __init__(self, url: URL, base: Path | None = None, bindir: Path | None = None):
        self.url = url
        self.base = base  # temp dir holding data/, the log and the unix socket
        self.bindir = bindir
        self.start_seconds: float | None = None  # how long the last start() took
        self._owner_pid = os.getpid()  # forked children must not stop our server
        self._watchdog: subprocess.Popen | None = None
        self.keep_files = False  # a kept cluster (``kept``) is stopped on close, not deleted
        self._lock = None  # the kept cluster's lock file, held while the server is in use
        self.options = ""  # server settings given at start (``-c name=value``), besides the port
        # initdb and postgres refuse to run as root (CI runs as root).
        self.run_as = SUPERUSER if base is not None and os.geteuid() == 0 else None

    # -- construction -------------------------------------------------------

    @classmethod
    def for_tests(cls) -> PgServer:
        """The server named by ``REPAIR_DESKTOP_TEST_PG``, else a private one."""
        external = os.environ.get(ENV_VAR, "").strip()
        if not external:
            return cls.private()
        url = make_url(external)
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        server = cls(url.set(database=url.database or "postgres"))
        server.check_connection()
        return server

    @classmethod
    def private(cls) -> PgServer:
        """initdb a fresh cluster in a temp dir and start it on a free port."""
        bindir = find_bindir()
        base = Path(tempfile.mkdtemp(prefix="repair-desktop-pg-"))
        url = URL.create("postgresql+psycopg", username=SUPERUSER, host="127.0.0.1",
                         port=free_port(), database="postgres")
        server = cls(url, base, bindir)
        atexit.register(server.close)  # in case the session finalizer never runs
        try:
            server._watchdog = subprocess.Popen(
                [sys.executable, "-c", _WATCHDOG, str(os.getpid()), str(base),
                 *server._command("pg_ctl", "-D", server.datadir, "-m", "immediate", "stop")],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True)  # a Ctrl+C for pytest must not reach it
            if server.run_as:
                # mkdtemp made the dir 0700 root; the server runs as postgres.
                try:
                    user = pwd.getpwnam(server.run_as)
                except KeyError:
                    raise PgServerError("running as root needs a 'postgres' OS user to run "
                                        "the server (apt-get install postgresql creates it)") from None
                os.chown(base, user.pw_uid, user.pw_gid)
            server._run(
                "initdb", "-D", server.datadir, "-U", SUPERUSER, "--auth=trust",
                "-E", "UTF8", "--locale=C", "--no-sync",
            )
            with open(server.datadir / "postgresql.conf", "a") as conf:
                conf.write(SERVER_SETTINGS.format(socket_dir=base))
            for attempt in range(3):
                try:
                    server.start()
                    break
                except PgServerError:
                    # Another process took the port between free_port() and
                    # the server binding it: try again on another port.
                    if attempt == 2 or "already in use" not in server.log_tail():
                        raise
                    server.url = server.url.set(port=free_port())
        except BaseException:
            server.close()
            raise
        return server

    @classmethod
    def kept(cls, base: Path) -> PgServer:
        """A private server whose cluster lives in ``base`` and outlives the process (the benchmarks' cache).

        The cluster is made on first use and started again on a free port later; ``close()`` stops it and keeps
        its files, so a database built once at a million rows is there for the next run."""
        bindir = find_bindir()
        base.mkdir(parents=True, exist_ok=True)
        url = URL.create("postgresql+psycopg", username=SUPERUSER, host="127.0.0.1",
                         port=free_port(), database="postgres")
        # One run at a time: a second one would stop the first one's server under it.
        lock = open(base / "in-use.lock", "w")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            raise PgServerError(f"another run is using the server kept in {base}") from None
        server = cls(url, base, bindir)
        server.keep_files, server._lock, server.options = True, lock, KEPT_OPTIONS
        atexit.register(server.close)
        if server.run_as:
            user = pwd.getpwnam(server.run_as)
            os.chown(base, user.pw_uid, user.pw_gid)
        if not (server.datadir / "PG_VERSION").exists():
            shutil.rmtree(server.datadir, ignore_errors=True)
            server._run("initdb", "-D", server.datadir, "-U", SUPERUSER, "--auth=trust",
                        "-E", "UTF8", "--locale=C", "--no-sync")
            with open(server.datadir / "postgresql.conf", "a") as conf:
                conf.write(SERVER_SETTINGS.format(socket_dir=base))
        if server.is_running():  # a run killed before it could stop the server
            server.stop("immediate")
        server.start()
        return server

    # -- server process (private servers only) ------------------------------

    @property
    def can_restart(self) -> bool:
        return self.base is not None

    @property
    def datadir(self) -> Path:
        return self.base / "data"

    @property
    def logfile(self) -> Path:
        return self.base / "server.log"

    def start(self) -> None:
        """Start the server (same port and data) and wait until it accepts connections."""
        self._require_private()
        started = time.monotonic()
        self._run("pg_ctl", "-D", self.datadir, "-l", self.logfile, "-o", f"-p {self.url.port} {self.options}",
                  "-w", "-t", "60", "start")
        self.start_seconds = time.monotonic() - started

    def stop(self, mode: str = "fast") -> None:
        """Stop the server; "fast" ends sessions cleanly, "immediate" is like a crash."""
        self._require_private()
        self._run("pg_ctl", "-D", self.datadir, "-m", mode, "-w", "-t", "60", "stop")

    def is_running(self) -> bool:
        if not self.can_restart:
            return True
        return self._run("pg_ctl", "-D", self.datadir, "status", check=False).returncode == 0

    def ensure_running(self) -> None:
        """Restart a private server a test left stopped, so the next tests still work."""
        if not self.is_running():
            self.start()

    def close(self) -> None:
        """Stop a private server and delete its files; safe to call twice."""
        atexit.unregister(self.close)
        if self.base is None or os.getpid() != self._owner_pid:
            return
        if self._watchdog is not None:
            self._watchdog.kill()
            self._watchdog.wait()
            self._watchdog = None
        if not self.base.exists():
            return
        if self.keep_files:
            if self.is_running():
                self.stop()
            self._lock.close()
            return
        if (self.datadir / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", self.datadir, "-m", "immediate", "-w", "stop", check=False)
            except subprocess.TimeoutExpired:
                pass  # removing the data dir below makes the postmaster quit within a minute
        shutil.rmtree(self.base, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        if self.base is None:
            return ""
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    # -- databases ------------------------------------------------------------

    def create_database(self) -> URL:
        """A new, empty database with a unique name; returns its URL."""
        name = "rd_test_" + uuid.uuid4().hex[:16]
        with self._admin() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url.set(database=name)

    @contextmanager
    def database(self) -> Iterator[str]:
        """A new, empty database's URL (with its password), dropped afterwards, the server restarted first if a
        test stopped it."""
        url = self.create_database()
        try:
            yield url.render_as_string(hide_password=False)
        finally:
            self.ensure_running()
            self.drop_database(url.database)

    def drop_database(self, name: str) -> None:
        """Drop a test database, first ending sessions a test left behind."""
        with self._admin() as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()", (name,))
            force = sql.SQL(" WITH (FORCE)") if conn.info.server_version >= 130000 else sql.SQL("")
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)) + force)

    def check_connection(self) -> None:
        with self._admin() as conn:
            conn.execute("SELECT 1")

    # -- helpers --------------------------------------------------------------

    def _admin(self) -> psycopg.Connection:
        """A fresh autocommit connection to the maintenance database.

        Fresh every time (not kept for the session) so it survives a test
        stopping and restarting the server.
        """
        u = self.url
        try:
            return psycopg.connect(host=u.host, port=u.port, user=u.username, password=u.password,
                                   dbname=u.database, autocommit=True, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise PgServerError(f"cannot connect to {u!r}: {exc}") from None

    def _require_private(self) -> None:
        if not self.can_restart:
            raise PgServerError(f"{self.url!r} is an external server ({ENV_VAR}); "
                                "it cannot be stopped or started by the tests")

    def _command(self, exe: str, *args) -> list[str]:
        cmd = [str(self.bindir / exe), *map(str, args)]
        return ["runuser", "-u", self.run_as, "--", *cmd] if self.run_as else cmd

    def _run(self, exe: str, *args, check: bool = True) -> subprocess.CompletedProcess:
        cmd = self._command(exe, *args)
        # English messages (we grep the log), and no PG* variables of the
        # developer's shell leaking into the private server.
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env["LC_ALL"] = "C"
        # cwd: the postgres user may not be allowed into the current directory.
        proc = subprocess.run(cmd, cwd=self.base, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=120)
        if check and proc.returncode != 0:
            raise PgServerError(
                f"{' '.join(cmd)} exited with {proc.returncode}\n{proc.stdout}{proc.stderr}"
                f"\n--- server log (tail) ---\n{self.log_tail()}")
        return proc
